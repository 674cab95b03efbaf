using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Application.Admin.SaveKeyword;

internal sealed class SaveKeywordCommandHandler(IKeywordStore store) : RequestHandlerBase<SaveKeywordCommand, KeywordDto>
{
    protected override async Task<KeywordDto> HandleAsync(SaveKeywordCommand request, CancellationToken cancellationToken)
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
}
