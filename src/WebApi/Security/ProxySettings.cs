using System.Net;
using FluentValidation;

namespace WeChatGpt.WebApi.Security;

/// <summary>The reverse proxies in front of the service, whose <c>X-Forwarded-For</c> is believed.</summary>
public sealed class ProxySettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>IP addresses or CIDR ranges (e.g. <c>127.0.0.1</c>, <c>172.16.0.0/12</c>). With none, forwarded headers are never believed.</summary>
    public string[] KnownProxies { get; set; } = [];
}

public sealed class ProxySettingsValidator : AbstractValidator<ProxySettings>
{
    public ProxySettingsValidator()
    {
        RuleForEach(o => o.KnownProxies)
            .Must(p => IPAddress.TryParse(p, out _) || IPNetwork.TryParse(p, out _))
            .WithMessage((_, p) => $"'{p}' is not an IP address or a CIDR range.");
    }
}
