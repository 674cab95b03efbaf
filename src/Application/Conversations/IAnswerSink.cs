namespace WeChatGpt.Application.Conversations;

/// <summary>Where an answer goes as the model streams it (the answer in flight a delivery may cut from).</summary>
public interface IAnswerSink
{
    void Append(string delta);

    /// <summary>The model started over: what came before is discarded.</summary>
    void Restart();

    /// <summary>Part of it was handed out already (a delivery cut from it): it can no longer start over.</summary>
    bool HandedOut { get; }
}
