using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Messaging.PushAnswer;

/// <summary>
/// Pushes the answer kept for <paramref name="Key"/> through the customer-service API, part by part (a
/// durable job). Transient WeChat errors fail the run so that it is retried; refusals keep the rest for "继续".
/// </summary>
/// <param name="Key">The message key of the question (no text: the answer is read from the push store).</param>
[DisplayName("Customer-service push")]
public sealed record PushAnswerCommand(string Key) : IRequest;
