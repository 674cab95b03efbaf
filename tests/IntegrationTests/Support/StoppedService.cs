namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// A service that was stopped while a follower's question was in flight: the push WeChat will redeliver,
/// the database file a second start can open, and how often the model was asked before the stop.
/// </summary>
public sealed record StoppedService(PushRequest Push, string DatabasePath, int ModelRequests)
{
    /// <summary>
    /// Starts a service with <paramref name="grace"/> as <c>Shutdown:Grace</c> and the model answering with
    /// <paramref name="script"/>, pushes <paramref name="question"/>, hangs up after <paramref name="hangUpAfter"/>
    /// as WeChat does, and stops the service, keeping its database.
    /// </summary>
    public static async Task<StoppedService> AfterQuestionAsync(string openId, string question, ModelScript script, TimeSpan grace, TimeSpan hangUpAfter, CancellationToken cancellationToken)
    {
        await using var service = new WeChatGptFactory { KeepDatabase = true }.With("Shutdown:Grace", grace.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        service.Model.Script = _ => script;
        var push = service.WeChat().Push(Messages.Text(openId, question));
        using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pushed = DateTime.UtcNow;
        var sending = push.SendAsync(hangUp.Token);
        // WeChat hangs up once the question is in flight: at the model (however long a loaded machine takes to get
        // it there), and not before hangUpAfter.
        while (service.Model.RequestCount(question) == 0 && !sending.IsCompleted && DateTime.UtcNow - pushed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20, cancellationToken);
        }

        var left = hangUpAfter - (DateTime.UtcNow - pushed);
        hangUp.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await sending;
        }
        catch (OperationCanceledException) when (hangUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new StoppedService(push, service.DatabasePath, service.Model.RequestCount(question));
        }

        throw new InvalidOperationException("The service answered before WeChat hung up; the question was not in flight at the stop.");
    }
}
