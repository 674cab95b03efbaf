using System.Text;
using FluentValidation;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Admin.PublishMenu;

internal sealed class PublishMenuCommandValidator : AbstractValidator<PublishMenuCommand>
{
    public const int MaxTopLevel = 3;
    public const int MaxSubButtons = 5;

    private static readonly string[] KeyTypes = ["click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select"];
    private static readonly string[] ArticleTypes = ["article_id", "article_view_limited"];

    public PublishMenuCommandValidator()
    {
        RuleFor(c => c.Buttons).NotNull().Must(b => b is { Count: >= 1 and <= MaxTopLevel })
            .WithMessage($"A menu has 1 to {MaxTopLevel} top-level buttons.");
        RuleForEach(c => c.Buttons).NotNull().SetValidator(new ButtonValidator(topLevel: true)).When(c => c.Buttons is not null);
    }

    private sealed class ButtonValidator : AbstractValidator<MenuButton>
    {
        public ButtonValidator(bool topLevel)
        {
            var nameBytes = topLevel ? 16 : 60;
            RuleFor(b => b.Name).NotEmpty().WithMessage("A button needs a name.").Must(n => Bytes(n) <= nameBytes)
                .WithMessage($"A {(topLevel ? "top-level" : "sub-menu")} button's name is at most {nameBytes} bytes (UTF-8; a Chinese character is 3).");

            if (topLevel)
            {
                When(b => b.SubButtons is { Count: > 0 }, () =>
                {
                    RuleFor(b => b.SubButtons!).Must(s => s.Count <= MaxSubButtons)
                        .WithMessage($"A button has at most {MaxSubButtons} sub-buttons.");
                    RuleFor(b => b.Type).Empty().WithMessage("A button that opens sub-buttons has no type of its own.");
                    RuleForEach(b => b.SubButtons!).NotNull().SetValidator(new ButtonValidator(topLevel: false));
                });
                When(b => b.SubButtons is not { Count: > 0 }, Action);
            }
            else
            {
                RuleFor(b => b.SubButtons).Must(s => s is not { Count: > 0 }).WithMessage("Sub-buttons cannot have sub-buttons.");
                Action();
            }
        }

        private void Action()
        {
            RuleFor(b => b.Type).NotEmpty().WithMessage("A button without sub-buttons needs a type.")
                .Must(t => t is "view" or "miniprogram" || KeyTypes.Contains(t) || ArticleTypes.Contains(t))
                .WithMessage("Unknown button type.");
            When(b => KeyTypes.Contains(b.Type), () =>
                RuleFor(b => b.Key).NotEmpty().WithMessage("This button type needs a key.")
                    .Must(k => Bytes(k) <= 128).WithMessage("A key is at most 128 bytes."));
            When(b => b.Type is "view" or "miniprogram", () =>
                RuleFor(b => b.Url).NotEmpty().WithMessage("This button type needs an http(s) URL.")
                    .Must(u => Bytes(u) <= 1024 && HttpUrls.IsHttpUrl(u))
                    .WithMessage("This button type needs an http(s) URL of at most 1024 bytes."));
            When(b => b.Type == "miniprogram", () =>
            {
                RuleFor(b => b.AppId).NotEmpty();
                RuleFor(b => b.PagePath).NotEmpty();
            });
            When(b => ArticleTypes.Contains(b.Type), () => RuleFor(b => b.ArticleId).NotEmpty());
        }

        private static int Bytes(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);
    }
}
