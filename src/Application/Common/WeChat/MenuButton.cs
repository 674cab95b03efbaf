namespace WeChatGpt.Application.Common.WeChat;

/// <summary>
/// One button of the account's custom menu, as WeChat's <c>/cgi-bin/menu/create</c> defines it. A button
/// with <see cref="SubButtons"/> opens them and has no <see cref="Type"/> of its own.
/// </summary>
/// <param name="Name">The label: at most 16 bytes (UTF-8) on the bar, 60 in a sub-menu.</param>
/// <param name="Type">click, view, miniprogram, scancode_push, scancode_waitmsg, pic_sysphoto, pic_photo_or_album, pic_weixin, location_select, article_id or article_view_limited.</param>
/// <param name="Key">The event key (click and the scan/photo/location types), at most 128 bytes; a click key that is an exact keyword rule gets that rule's reply.</param>
/// <param name="Url">The page to open (view; the fallback page of a miniprogram), at most 1024 bytes.</param>
/// <param name="AppId">The mini program's AppID (miniprogram).</param>
/// <param name="PagePath">The mini program's page (miniprogram).</param>
/// <param name="ArticleId">A published article (article_id, article_view_limited).</param>
public sealed record MenuButton(
    string Name,
    string? Type = null,
    string? Key = null,
    string? Url = null,
    string? AppId = null,
    string? PagePath = null,
    string? ArticleId = null,
    IReadOnlyList<MenuButton>? SubButtons = null);
