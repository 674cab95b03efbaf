namespace WeChatGpt.Application.Common.WeChat;

/// <summary>
/// WeChat's server API (api.weixin.qq.com). Access tokens are handled inside: an expired or
/// invalidated token is refreshed and the call retried once.
/// </summary>
public interface IWeChatApi
{
    /// <summary>A customer-service text message (<c>/cgi-bin/message/custom/send</c>).</summary>
    Task SendTextAsync(string openId, string text, CancellationToken cancellationToken);

    /// <summary>A customer-service image message of temporary media (<c>msgtype=image</c>).</summary>
    Task SendImageAsync(string openId, string mediaId, CancellationToken cancellationToken);

    /// <summary>Uploads a JPG/PNG image (≤ 10 MB) as temporary media (<c>/cgi-bin/media/upload?type=image</c>); returns its media id.</summary>
    Task<string> UploadTemporaryImageAsync(byte[] image, string fileName, CancellationToken cancellationToken);

    /// <summary>The "typing…" indicator (<c>/cgi-bin/message/custom/typing</c>).</summary>
    Task SetTypingAsync(string openId, bool typing, CancellationToken cancellationToken);

    /// <summary>Downloads a temporary media file (<c>/cgi-bin/media/get</c>): a follower's voice comes as AMR.</summary>
    Task<DownloadedMedia> DownloadMediaAsync(string mediaId, CancellationToken cancellationToken);

    /// <summary>Uploads a voice file as temporary media (<c>/cgi-bin/media/upload?type=voice</c>); returns its media id.</summary>
    Task<string> UploadTemporaryVoiceAsync(byte[] audio, string fileName, CancellationToken cancellationToken);

    /// <summary>Adds a voice file as permanent material (<c>/cgi-bin/material/add_material?type=voice</c>); returns its media id.</summary>
    Task<string> AddPermanentVoiceAsync(byte[] audio, string fileName, CancellationToken cancellationToken);

    /// <summary>Deletes permanent material (<c>/cgi-bin/material/del_material</c>).</summary>
    Task DeleteMaterialAsync(string mediaId, CancellationToken cancellationToken);

    /// <summary>The addresses WeChat calls the webhook from (<c>/cgi-bin/getcallbackip</c>): IPs or CIDR ranges.</summary>
    Task<IReadOnlyList<string>> GetCallbackIpsAsync(CancellationToken cancellationToken);

    /// <summary>Publishes the custom menu (<c>/cgi-bin/menu/create</c>), replacing the current one.</summary>
    Task CreateMenuAsync(IReadOnlyList<MenuButton> buttons, CancellationToken cancellationToken);

    /// <summary>Removes the custom menu (<c>/cgi-bin/menu/delete</c>).</summary>
    Task DeleteMenuAsync(CancellationToken cancellationToken);
}

/// <summary><c>WeChat:AppId</c> / <c>WeChat:AppSecret</c> are not set, so WeChat's API cannot be called.</summary>
public sealed class WeChatApiNotConfiguredException()
    : InvalidOperationException("WeChat:AppId and WeChat:AppSecret are required to call WeChat's API.");

public sealed record DownloadedMedia(byte[] Content, string? ContentType);

/// <summary>WeChat answered with a non-zero <c>errcode</c>.</summary>
public sealed class WeChatApiException(string api, int errorCode, string? errorMessage)
    : Exception($"WeChat API {api} failed: errcode {errorCode} ({errorMessage})")
{
    public string Api { get; } = api;

    public int ErrorCode { get; } = errorCode;

    public string? ErrorMessage { get; } = errorMessage;

    /// <summary>
    /// The customer-service API refused for reasons a retry won't fix now: outside the 48-hour window
    /// or unfollowed (45015), quota used up (45047), no permission (48001), not following (43004).
    /// </summary>
    public bool IsServiceRefusal => ErrorCode is 45015 or 45047 or 48001 or 43004 or 48004 or 50001 or 50002;
}
