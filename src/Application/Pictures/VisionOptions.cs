using FluentValidation;

namespace WeChatGpt.Application.Pictures;

/// <summary>Pictures followers send, looked at by a vision-capable model (section <c>Vision</c>).</summary>
public sealed class VisionOptions
{
    public const string SectionName = "Vision";

    /// <summary>Answer photos (off: a photo gets <c>Texts:Unsupported</c>). A model that refuses images gets <c>Texts:PictureNotSupported</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The model asked when the prompt carries a picture; empty: <c>OpenAI:Model</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Largest picture accepted from WeChat, in bytes (WeChat's own limit for images is 10 MB).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The longer side a picture is scaled down to before it goes to the model (OpenAI's high detail works on at
    /// most 2048 px; fewer pixels, fewer tokens).
    /// </summary>
    public int MaxSide { get; set; } = 1536;

    /// <summary>A picture larger than this is re-encoded as JPEG before it goes to the model (a data URL is sent whole).</summary>
    public long MaxModelBytes { get; set; } = 1536 * 1024;

    /// <summary>How many questions after the photo still carry it (then it drops out of the prompt).</summary>
    public int FollowUpTurns { get; set; } = 2;

    /// <summary>The question a photo stands for (it comes without text); kept as the turn's question.</summary>
    public string Question { get; set; } = "请看看这张图片，说说图里有什么；如果图里有文字或问题，请直接解答。";

    /// <summary>Hosts a photo's <c>PicUrl</c> may be fetched from when its media cannot be downloaded (besides <c>WeChat:ApiBaseUrl</c>'s).</summary>
    public string[] PicUrlHosts { get; set; } = ["mmbiz.qpic.cn", "mmbiz.qlogo.cn", "mmsns.qpic.cn"];

    /// <summary>Limit of downloading one picture.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class VisionOptionsValidator : AbstractValidator<VisionOptions>
{
    public VisionOptionsValidator()
    {
        RuleFor(o => o.MaxBytes).InclusiveBetween(1024, 100L * 1024 * 1024).WithMessage("must be between 1024 and 104857600 bytes.");
        RuleFor(o => o.MaxSide).InclusiveBetween(64, 8192).WithMessage("must be between 64 and 8192 pixels.");
        RuleFor(o => o.MaxModelBytes).InclusiveBetween(16 * 1024, 50L * 1024 * 1024).WithMessage("must be between 16384 and 52428800 bytes.");
        RuleFor(o => o.FollowUpTurns).InclusiveBetween(0, 50).WithMessage("must be between 0 and 50.");
        RuleFor(o => o.Question).NotEmpty().WithMessage("must not be empty.");
        RuleFor(o => o.DownloadTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive time.");
    }
}

/// <summary>Images drawn for followers ("画 …") by an OpenAI-compatible <c>/images/generations</c> (section <c>Images</c>).</summary>
public sealed class ImagesOptions
{
    public const string SectionName = "Images";

    /// <summary>Draw on "画 …" (<c>Commands:Draw</c>). Off by default: not every compatible endpoint draws, and images cost more than text.</summary>
    public bool Enabled { get; set; }

    /// <summary>The image model, e.g. <c>gpt-image-1</c>, <c>dall-e-3</c>, or a compatible server's.</summary>
    public string Model { get; set; } = "gpt-image-1";

    /// <summary>The size asked for, e.g. <c>1024x1024</c>.</summary>
    public string Size { get; set; } = "1024x1024";

    /// <summary>Limit of one drawing (the last delivery says it is being drawn; "继续" fetches it when ready).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest image accepted from the image model (a <c>url</c> result is fetched with this limit).</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

public sealed class ImagesOptionsValidator : AbstractValidator<ImagesOptions>
{
    public ImagesOptionsValidator()
    {
        RuleFor(o => o.Model).NotEmpty().When(o => o.Enabled).WithMessage("must name the image model when Images:Enabled is true.");
        RuleFor(o => o.Size).Matches("^[0-9]{2,5}x[0-9]{2,5}$|^auto$").WithMessage("must be WIDTHxHEIGHT (e.g. 1024x1024) or auto.");
        RuleFor(o => o.Timeout).GreaterThan(TimeSpan.FromSeconds(5)).WithMessage("must be longer than 5 seconds.");
        RuleFor(o => o.MaxBytes).InclusiveBetween(1024, 200L * 1024 * 1024).WithMessage("must be between 1024 and 209715200 bytes.");
    }
}
