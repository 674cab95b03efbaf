using FluentValidation;

namespace WeChatGpt.Application.Admin.SaveKeyword;

internal sealed class SaveKeywordCommandValidator : AbstractValidator<SaveKeywordCommand>
{
    public SaveKeywordCommandValidator()
    {
        RuleFor(c => c.Keyword).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Reply).NotEmpty().Must(r => System.Text.Encoding.UTF8.GetByteCount(r) <= 2047)
            .WithMessage("The reply must fit one WeChat message (2047 bytes).");
        RuleFor(c => c.Match).IsInEnum();
    }
}
