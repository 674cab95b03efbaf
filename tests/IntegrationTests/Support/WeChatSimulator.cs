using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.Tests;

namespace WeChatGpt.IntegrationTests.Support;

/// <param name="Delivery">Which delivery got the reply (1-based); 0 when none did.</param>
/// <param name="Reply">The reply's fields, or null for "success" / no reply.</param>
public sealed record SimulatedOutcome(int Delivery, string? Body, IReadOnlyDictionary<string, string>? Reply, TimeSpan Elapsed)
{
    public bool FailureNoticeShown => Delivery == 0;

    // Not the generated one: that reads Content, which throws for an outcome without a text reply — and an assertion
    // printing such an outcome then failed with that exception instead of its own message.
    public override string ToString() =>
        $"{{ Delivery = {Delivery}, Elapsed = {Elapsed.TotalMilliseconds:0} ms, Body = {Body ?? "none"} }}";

    public string Content => Reply?["Content"] ?? throw new InvalidOperationException($"No text reply (body: {Body ?? "none"}).");

    /// <summary>The media id of an image reply (<c>&lt;Image&gt;&lt;MediaId&gt;</c>).</summary>
    public string ImageMediaId => Reply?["MsgType"] == "image"
        ? System.Xml.Linq.XElement.Parse(Body!).Element("Image")!.Element("MediaId")!.Value
        : throw new InvalidOperationException($"No image reply (body: {Body ?? "none"}).");
}

/// <summary>
/// Behaves like WeChat's server: delivers a message, hangs up after 5 s without a response, delivers the
/// same request again (byte for byte), at most 3 times — then the follower would see the failure notice.
/// </summary>
public sealed class WeChatSimulator(WeChatClient client, TimeProvider clock)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxDeliveries { get; init; } = 3;

    public async Task<SimulatedOutcome> DeliverAsync(string xml, CancellationToken cancellationToken = default)
    {
        var push = client.Push(xml);
        var start = clock.GetUtcNow();
        for (var delivery = 1; delivery <= MaxDeliveries; delivery++)
        {
            using var hangUp = new CancellationTokenSource(Timeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(hangUp.Token, cancellationToken);
            try
            {
                var response = await push.SendAsync(linked.Token);
                if (response.Status != System.Net.HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Delivery {delivery} got HTTP {(int)response.Status}: {response.Body}");
                }

                var fields = response.Body is "success" or "" ? null : WeChatXmlReader.ReadFields(response.Body);
                return new SimulatedOutcome(delivery, response.Body, fields, clock.GetUtcNow() - start);
            }
            catch (OperationCanceledException) when (hangUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // No response within 5 s: WeChat drops the connection and delivers again.
            }
        }

        return new SimulatedOutcome(0, null, null, clock.GetUtcNow() - start);
    }
}

/// <summary>Moves a manual clock forward in small steps while the system under test works.</summary>
public static class ClockDriver
{
    public static async Task<T> RunAsync<T>(ManualTimeProvider clock, Task<T> task, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(25);
        var until = clock.GetUtcNow() + (limit ?? TimeSpan.FromMinutes(2));
        while (!task.IsCompleted)
        {
            if (clock.GetUtcNow() > until)
            {
                throw new TimeoutException("The task did not finish within the simulated time limit.");
            }

            clock.Advance(increment);
            await Task.Delay(2);
        }

        return await task;
    }

    public static Task RunAsync(ManualTimeProvider clock, Task task, TimeSpan? step = null, TimeSpan? limit = null) =>
        RunAsync(clock, task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, limit);

    /// <summary>Advances simulated time by <paramref name="span"/> in steps.</summary>
    public static async Task AdvanceAsync(ManualTimeProvider clock, TimeSpan span, TimeSpan? step = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(50);
        for (var moved = TimeSpan.Zero; moved < span; moved += increment)
        {
            clock.Advance(increment);
            await Task.Delay(2);
        }
    }
}
