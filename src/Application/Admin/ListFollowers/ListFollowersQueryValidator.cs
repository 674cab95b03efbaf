using FluentValidation;

namespace WeChatGpt.Application.Admin.ListFollowers;

internal sealed class ListFollowersQueryValidator : AbstractValidator<ListFollowersQuery>
{
    public ListFollowersQueryValidator()
    {
        RuleFor(q => q.Search).MaximumLength(128);
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, 200);
    }
}
