using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

/// <summary>What the prompt needs of pictures: which earlier photos still go with a question, and the model for a prompt that carries any.</summary>
public interface IPromptPictures
{
    /// <summary>How many questions after a photo still carry it (0: none do).</summary>
    int FollowUpTurns { get; }

    /// <summary>The model asked when the prompt carries pictures; null: the configured chat model.</summary>
    string? Model { get; }

    /// <summary>The photos of the latest turns of <paramref name="history"/> that still go with the next question, by id.</summary>
    Task<IReadOnlyDictionary<long, ChatPicture>?> CarriedAsync(IReadOnlyList<Turn> history, CancellationToken cancellationToken);
}
