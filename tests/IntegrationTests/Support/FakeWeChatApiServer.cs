using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatGpt.IntegrationTests.Support;

public sealed record SentServiceMessage(string ToUser, string MsgType, string Content);

public sealed record UploadedMedia(string MediaId, string Kind, string FileName, string ContentType, byte[] Content)
{
    /// <summary><c>voice</c> or <c>image</c>.</summary>
    public string Type { get; init; } = "voice";
}

/// <summary>
/// WeChat's API on a real socket: <c>/cgi-bin/stable_token</c>, customer-service send and typing, with
/// real error codes. Tokens can be expired (stable_token then hands out a new one) or revoked silently
/// (stable_token keeps handing out the dead one until <c>force_refresh</c>).
/// </summary>
public sealed class FakeWeChatApiServer : FakeServer
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _invalid = [];
    private int _tokenNumber;
    private string _current = string.Empty;
    private bool _renewOnNextFetch = true;

    public ConcurrentQueue<(bool ForceRefresh, string AppId)> TokenRequests { get; } = new();

    public ConcurrentQueue<SentServiceMessage> Sent { get; } = new();

    public ConcurrentQueue<(string ToUser, string Command)> Typing { get; } = new();

    /// <summary>Media a follower "sent": what <c>media/get</c> serves by id.</summary>
    public ConcurrentDictionary<string, byte[]> Media { get; } = new();

    public ConcurrentQueue<UploadedMedia> Uploads { get; } = new();

    /// <summary>PicUrl downloads, by media id.</summary>
    public ConcurrentQueue<string> PicRequests { get; } = new();

    /// <summary>The PicUrl WeChat would send for a photo it holds as <paramref name="mediaId"/>.</summary>
    public string PicUrl(string mediaId) => new Uri(Address, $"pic/{mediaId}").ToString();

    public ConcurrentQueue<string> DeletedMaterial { get; } = new();

    /// <summary>Answer del_material with this errcode (0: deleted), per call.</summary>
    public Func<string, int> DeleteResult { get; set; } = _ => 0;

    /// <summary>What getcallbackip answers: a list, or an errcode.</summary>
    public Func<(string[]? Ips, int ErrorCode)> CallbackIps { get; set; } = () => (["127.0.0.1", "101.226.103.0/25"], 0);

    public int CallbackIpRequests;

    private int _mediaNumber;

    /// <summary>Answer custom/send with this errcode (0: accept), per call.</summary>
    public Func<SentServiceMessage, int> SendResult { get; set; } = _ => 0;

    /// <summary>Menus published through <c>/cgi-bin/menu/create</c> (the raw JSON), oldest first.</summary>
    public ConcurrentQueue<string> Menus { get; } = new();

    public int MenuDeletes;

    /// <summary>Forces an errcode on <c>/cgi-bin/menu/create</c> (0: WeChat's own checks decide).</summary>
    public Func<int> MenuResult { get; set; } = () => 0;

    public string CurrentToken
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public static async Task<FakeWeChatApiServer> StartAsync()
    {
        var server = new FakeWeChatApiServer();
        await server.ListenAsync();
        return server;
    }

    /// <summary>The current token expires: calls with it get 42001, and stable_token hands out a new one.</summary>
    public void ExpireToken()
    {
        lock (_gate)
        {
            _invalid.Add(_current);
            _renewOnNextFetch = true;
        }
    }

    /// <summary>The current token stops working (40001) but stable_token keeps returning it unless forced.</summary>
    public void RevokeTokenSilently()
    {
        lock (_gate)
        {
            _invalid.Add(_current);
        }
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/cgi-bin/stable_token", async (HttpContext context) =>
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var force = json.RootElement.TryGetProperty("force_refresh", out var f) && f.GetBoolean();
            var appId = json.RootElement.GetProperty("appid").GetString()!;
            TokenRequests.Enqueue((force, appId));
            string token;
            lock (_gate)
            {
                if (force || _renewOnNextFetch || _current.Length == 0)
                {
                    _current = $"TOKEN-{++_tokenNumber}-" + new string('x', 100);
                    _renewOnNextFetch = false;
                }

                token = _current;
            }

            return Results.Json(new { access_token = token, expires_in = 7200 });
        });

        app.MapPost("/cgi-bin/message/custom/send", async (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var root = json.RootElement;
            var message = new SentServiceMessage(
                root.GetProperty("touser").GetString()!,
                root.GetProperty("msgtype").GetString()!,
                root.GetProperty("msgtype").GetString() == "text" ? root.GetProperty("text").GetProperty("content").GetString()! : root.GetRawText());
            var code = SendResult(message);
            if (code != 0)
            {
                return Results.Json(new { errcode = code, errmsg = code switch { 45015 => "response out of time limit or subscription is canceled", 45047 => "out of response count limit", 48001 => "api unauthorized", _ => "error" } });
            }

            Sent.Enqueue(message);
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });

        app.MapGet("/cgi-bin/media/get", (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            var mediaId = context.Request.Query["media_id"].ToString();
            if (!Media.TryGetValue(mediaId, out var bytes))
            {
                return Results.Json(new { errcode = 40007, errmsg = "invalid media_id" });
            }

            return WeChatGpt.Application.Pictures.PictureFormat.Sniff(bytes) is { } imageType
                ? Results.File(bytes, imageType, "image" + WeChatGpt.Application.Pictures.PictureFormat.Extension(imageType))
                : Results.File(bytes, "audio/amr", "voice.amr");
        });

        // A photo's PicUrl (WeChat serves these from its image CDN, without a token).
        app.MapGet("/pic/{mediaId}", (string mediaId) =>
        {
            PicRequests.Enqueue(mediaId);
            return Media.TryGetValue(mediaId, out var bytes) ? Results.Bytes(bytes, "image/jpeg") : Results.NotFound();
        });

        app.MapPost("/cgi-bin/media/upload", (Delegate)((HttpContext context) => UploadAsync(context, "temporary")));
        app.MapPost("/cgi-bin/material/add_material", (Delegate)((HttpContext context) => UploadAsync(context, "permanent")));

        app.MapPost("/cgi-bin/material/del_material", async (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var mediaId = json.RootElement.GetProperty("media_id").GetString()!;
            var code = DeleteResult(mediaId);
            if (code != 0)
            {
                return Results.Json(new { errcode = code, errmsg = code == -1 ? "system error" : "error" });
            }

            DeletedMaterial.Enqueue(mediaId);
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });

        app.MapGet("/cgi-bin/getcallbackip", (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            Interlocked.Increment(ref CallbackIpRequests);
            var (ips, code) = CallbackIps();
            return code != 0 ? Results.Json(new { errcode = code, errmsg = "error" }) : Results.Json(new { ip_list = ips });
        });

        app.MapPost("/cgi-bin/menu/create", async (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            using var reader = new StreamReader(context.Request.Body, System.Text.Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var code = MenuResult();
            if (code == 0)
            {
                code = CheckMenu(body);
            }

            if (code != 0)
            {
                return Results.Json(new
                {
                    errcode = code,
                    errmsg = code switch
                    {
                        40016 => "invalid button size",
                        40017 => "invalid button type",
                        40018 => "invalid button name size",
                        40019 => "invalid button key size",
                        40023 => "invalid sub button size",
                        40033 => "invalid charset. please check your request, if include \\uxxxx will create fail!",
                        48001 => "api unauthorized",
                        _ => "error",
                    },
                });
            }

            Menus.Enqueue(body);
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });

        app.MapGet("/cgi-bin/menu/delete", (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            Interlocked.Increment(ref MenuDeletes);
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });

        app.MapPost("/cgi-bin/message/custom/typing", async (HttpContext context) =>
        {
            if (TokenError(context) is { } error)
            {
                return error;
            }

            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            Typing.Enqueue((json.RootElement.GetProperty("touser").GetString()!, json.RootElement.GetProperty("command").GetString()!));
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
    }

    private async Task<IResult> UploadAsync(HttpContext context, string kind)
    {
        if (TokenError(context) is { } error)
        {
            return error;
        }

        var type = context.Request.Query["type"].ToString();
        if (type is not ("voice" or "image"))
        {
            return Results.Json(new { errcode = 40004, errmsg = "invalid media type" });
        }

        var form = await context.Request.ReadFormAsync();
        var file = form.Files["media"];
        if (file is null)
        {
            return Results.Json(new { errcode = 41005, errmsg = "media data missing" });
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content);
        if (type == "image")
        {
            // WeChat's limits for image media: JPG/PNG/GIF, at most 10 MB.
            if (WeChatGpt.Application.Pictures.PictureFormat.Sniff(content.ToArray()) is not ("image/jpeg" or "image/png" or "image/gif"))
            {
                return Results.Json(new { errcode = 40005, errmsg = "invalid file type" });
            }

            if (content.Length > 10 * 1024 * 1024)
            {
                return Results.Json(new { errcode = 40009, errmsg = "invalid image size" });
            }
        }

        var mediaId = $"{kind}-{type}-{Interlocked.Increment(ref _mediaNumber)}";
        Uploads.Enqueue(new UploadedMedia(mediaId, kind, file.FileName, file.ContentType, content.ToArray()) { Type = type });
        return kind == "temporary"
            ? Results.Json(new { type, media_id = mediaId, created_at = 1_700_000_000 })
            : Results.Json(new { media_id = mediaId, url = string.Empty });
    }

    /// <summary>WeChat's own checks of a menu, as its documentation states them.</summary>
    private static int CheckMenu(string body)
    {
        if (body.Contains("\\u", StringComparison.Ordinal))
        {
            return 40033;
        }

        using var json = JsonDocument.Parse(body);
        var buttons = json.RootElement.GetProperty("button");
        if (buttons.GetArrayLength() is < 1 or > 3)
        {
            return 40016;
        }

        foreach (var button in buttons.EnumerateArray())
        {
            if (System.Text.Encoding.UTF8.GetByteCount(button.GetProperty("name").GetString()!) > 16)
            {
                return 40018;
            }

            if (button.TryGetProperty("sub_button", out var subs))
            {
                if (subs.GetArrayLength() is < 1 or > 5)
                {
                    return 40023;
                }

                continue;
            }

            if (!button.TryGetProperty("type", out _))
            {
                return 40017;
            }
        }

        return 0;
    }

    private IResult? TokenError(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        lock (_gate)
        {
            if (string.IsNullOrEmpty(token))
            {
                return Results.Json(new { errcode = 41001, errmsg = "access_token missing" });
            }

            if (_invalid.Contains(token))
            {
                return Results.Json(new { errcode = _renewOnNextFetch ? 42001 : 40001, errmsg = _renewOnNextFetch ? "access_token expired" : "invalid credential, access_token is invalid or not latest" });
            }

            if (token != _current)
            {
                return Results.Json(new { errcode = 40001, errmsg = "invalid credential" });
            }
        }

        return null;
    }
}
