using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Application.Admin;

public sealed record KeywordDto(long Id, string Keyword, KeywordMatch Match, string Reply, bool Enabled)
{
    public static KeywordDto From(KeywordReply rule) => new(rule.Id, rule.Keyword, rule.Match, rule.Reply, rule.Enabled);
}

public sealed record ListKeywordsQuery : IRequest<IReadOnlyList<KeywordDto>>;

public sealed record SaveKeywordCommand(long? Id, string Keyword, KeywordMatch Match, string Reply, bool Enabled) : IRequest<KeywordDto>;

public sealed record DeleteKeywordCommand(long Id) : IRequest;

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

internal sealed class KeywordHandlers(IKeywordStore store) :
    IRequestHandler<ListKeywordsQuery, IReadOnlyList<KeywordDto>>,
    IRequestHandler<SaveKeywordCommand, KeywordDto>,
    IRequestHandler<DeleteKeywordCommand, Unit>
{
    public async Task<IReadOnlyList<KeywordDto>> Handle(ListKeywordsQuery request, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Select(KeywordDto.From).ToList();

    public async Task<KeywordDto> Handle(SaveKeywordCommand request, CancellationToken cancellationToken)
    {
        var rules = await store.ListAsync(cancellationToken);
        if (rules.Any(r => r.Id != request.Id && r.Match == request.Match && string.Equals(r.Keyword, request.Keyword.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new RequestValidationException(nameof(SaveKeywordCommand), [new FluentValidation.Results.ValidationFailure(nameof(request.Keyword), "Another rule has this keyword and match.")]);
        }

        if (request.Id is not { } id)
        {
            return KeywordDto.From(await store.AddAsync(new KeywordReply(request.Keyword, request.Match, request.Reply, request.Enabled), cancellationToken));
        }

        if (!await store.UpdateAsync(id, rule => rule.Change(request.Keyword, request.Match, request.Reply, request.Enabled), cancellationToken))
        {
            throw new NotFoundException($"Keyword reply {id}");
        }

        return KeywordDto.From((await store.FindAsync(id, cancellationToken))!);
    }

    public async Task<Unit> Handle(DeleteKeywordCommand request, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(request.Id, cancellationToken))
        {
            throw new NotFoundException($"Keyword reply {request.Id}");
        }

        return Unit.Value;
    }
}
