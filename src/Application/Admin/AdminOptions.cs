using FluentValidation;

namespace WeChatGpt.Application.Admin;

/// <summary>The owner's dashboard and admin API (section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>HTTP Basic user name. With no user name or password, every admin route answers 404.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The time zone "today" is counted in on the dashboard.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The admin pages' language: <c>zh-CN</c> (default) or <c>en</c>.</summary>
    public string Language { get; set; } = "zh-CN";

    /// <summary>The zone <see cref="TimeZone"/> names (checked at start-up).</summary>
    public TimeZoneInfo FindZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public bool IsConfigured => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}

internal sealed class AdminOptionsValidator : AbstractValidator<AdminOptions>
{
    public AdminOptionsValidator()
    {
        RuleFor(o => o.Password).NotEmpty().When(o => !string.IsNullOrEmpty(o.Username))
            .WithMessage("must be set when Admin:Username is (or leave both empty to keep the admin closed).");
        RuleFor(o => o.Username).NotEmpty().When(o => !string.IsNullOrEmpty(o.Password))
            .WithMessage("must be set when Admin:Password is.");
        RuleFor(o => o.Password).MinimumLength(12).When(o => !string.IsNullOrEmpty(o.Password))
            .WithMessage("must be at least 12 characters.");
        RuleFor(o => o.Language).Must(l => l is "zh-CN" or "en").WithMessage("must be zh-CN or en.");
        RuleFor(o => o.TimeZone).Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            .WithMessage("is not a known time zone (use an IANA name such as Asia/Shanghai).");
    }
}
