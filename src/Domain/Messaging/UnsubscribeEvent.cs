namespace WeChatGpt.Domain.Messaging;

public sealed record UnsubscribeEvent : EventMessage
{
    public override string Kind => "event:unsubscribe";
}
