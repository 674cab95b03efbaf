using Microsoft.Extensions.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Pictures;

/// <summary>The photos a prompt carries (<c>Vision:FollowUpTurns</c>), read from our own storage, and <c>Vision:Model</c>.</summary>
internal sealed class PromptPictures(IPictureStore pictures, IOptionsMonitor<VisionOptions> vision) : IPromptPictures
{
    public int FollowUpTurns => vision.CurrentValue.Enabled ? vision.CurrentValue.FollowUpTurns : 0;

    public string? Model => string.IsNullOrWhiteSpace(vision.CurrentValue.Model) ? null : vision.CurrentValue.Model;

    public async Task<IReadOnlyDictionary<long, ChatPicture>?> CarriedAsync(IReadOnlyList<Turn> history, CancellationToken cancellationToken)
    {
        var ids = PromptBuilder.PicturesToCarry(history, FollowUpTurns);
        if (ids.Count == 0)
        {
            return null;
        }

        var found = await pictures.FindManyAsync(ids, cancellationToken);
        return found.ToDictionary(p => p.Id, p => new ChatPicture(p.ContentType, p.Content));
    }
}
