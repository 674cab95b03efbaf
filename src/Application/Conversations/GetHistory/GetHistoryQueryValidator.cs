using FluentValidation;

namespace WeChatGpt.Application.Conversations.GetHistory;

internal sealed class GetHistoryQueryValidator : AbstractValidator<GetHistoryQuery>
{
    public GetHistoryQueryValidator()
    {
        RuleFor(q => q.OpenId).NotEmpty().MaximumLength(128);
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, 200);
    }
}
