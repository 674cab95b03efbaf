using FluentValidation;

namespace WeChatGpt.Application.Common.WeChat;

public sealed class WeChatOptionsValidator : AbstractValidator<WeChatOptions>
{
    public WeChatOptionsValidator()
    {
        RuleFor(o => o.Token)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: the token set in the WeChat admin console (environment variable WeChat__Token).")
            .Matches("^[A-Za-z0-9]{3,32}$").WithMessage("must be 3 to 32 letters or digits, as in the WeChat admin console.");
        RuleFor(o => o.EncodingAesKey)
            .Must(BeAnEncodingAesKey).WithMessage("must be the 43-character EncodingAESKey from the WeChat admin console.");
        RuleFor(o => o.PreviousEncodingAesKey)
            .Must(BeAnEncodingAesKey).WithMessage("must be a 43-character EncodingAESKey.");
        RuleFor(o => o.EncodingAesKey)
            .NotEmpty().When(o => o.EncryptionMode is EncryptionMode.Compatible or EncryptionMode.Safe)
            .WithMessage("is required in compatible and safe mode (WeChat:EncryptionMode).");
        RuleFor(o => o.EncryptionMode).IsInEnum().When(o => o.EncryptionMode is not null)
            .WithMessage("must be Plaintext, Compatible or Safe, as set in the WeChat admin console.");
        RuleFor(o => o.AppId)
            .NotEmpty().When(o => !string.IsNullOrEmpty(o.EncodingAesKey))
            .WithMessage("is required with WeChat:EncodingAesKey (decrypted messages carry the AppID).");
        RuleFor(o => o.AppId)
            .NotEmpty().When(NeedsApi).WithMessage("is required for WeChat:ReplyMode=CustomerService and WeChat:VerifySourceIp.");
        RuleFor(o => o.AppSecret)
            .NotEmpty().When(NeedsApi).WithMessage("is required for WeChat:ReplyMode=CustomerService and WeChat:VerifySourceIp.");
        RuleFor(o => o.ApiBaseUrl)
            .Must(HttpUrls.IsHttpUrl)
            .WithMessage("must be an absolute http(s) URL.");
        RuleFor(o => o.ReplyDeadline)
            .GreaterThan(TimeSpan.Zero).LessThan(TimeSpan.FromSeconds(5))
            .WithMessage("must be more than 0 and less than WeChat's 5-second window, e.g. 00:00:04.5.");
        RuleFor(o => o.MaxDeliveries).InclusiveBetween(1, 10).WithMessage("must be between 1 and 10.");
        RuleFor(o => o.MaxWaitingDeliveries).InclusiveBetween(0, 1_000_000).WithMessage("must be 0 (derived from the open-file limit) or a positive number.");
        RuleFor(o => o.LastDeliveryAfter).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:00:09.");
        RuleFor(o => o.MaxReplyBytes).InclusiveBetween(512, 2048).WithMessage("must be between 512 and 2048.");
        RuleFor(o => o.MaxTimestampSkew).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:05:00.");
        RuleFor(o => o.MaxBodyBytes).InclusiveBetween(1024, 10 * 1024 * 1024).WithMessage("must be between 1024 and 10485760 bytes.");
    }

    private static bool NeedsApi(WeChatOptions o) => o.ReplyMode == ReplyMode.CustomerService || o.VerifySourceIp;

    private static bool BeAnEncodingAesKey(string? key) =>
        string.IsNullOrEmpty(key) || (key.Length == 43 && key.All(char.IsAsciiLetterOrDigit));
}
