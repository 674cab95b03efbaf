using MediatR;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.Application.Pictures;

/// <summary>
/// Draws one image for a follower. Throttled like a question: counted in the follower's rate limit, and one at a
/// time (a drawing is the follower's question in flight); limited by <c>Images:Timeout</c>.
/// </summary>
public sealed record DrawImageCommand(string OpenId, string Prompt, TimeSpan Timeout) : IRequest<GeneratedImage>, IThrottled, IHasTimeout
{
    public string ThrottleKey => OpenId;
}

internal sealed class DrawImageCommandHandler(IImageModel model) : RequestHandlerBase<DrawImageCommand, GeneratedImage>
{
    protected override Task<GeneratedImage> HandleAsync(DrawImageCommand request, CancellationToken cancellationToken) =>
        model.GenerateAsync(request.Prompt, cancellationToken);
}
