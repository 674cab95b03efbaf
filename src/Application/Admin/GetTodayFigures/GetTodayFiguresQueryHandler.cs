using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Admin.GetTodayFigures;

internal sealed class GetTodayFiguresQueryHandler(IAdminReadStore store, IOptions<AdminOptions> options, TimeProvider clock) : RequestHandlerBase<GetTodayFiguresQuery, TodayFigures>
{
    protected override async Task<TodayFigures> HandleAsync(GetTodayFiguresQuery request, CancellationToken cancellationToken)
    {
        var zone = options.Value.FindZone();
        var (day, from, to) = DashboardArithmetic.DayBounds(clock.GetUtcNow(), zone);
        var figures = await store.FiguresAsync(from, to, cancellationToken);
        var latencies = await store.ModelLatenciesAsync(from, to, cancellationToken);
        var (picturesIn, picturesOut) = await store.PicturesAsync(from, to, cancellationToken);
        return new TodayFigures(day, zone.Id, figures, latencies.Count, DashboardArithmetic.Average(latencies), DashboardArithmetic.Percentile(latencies, 0.95), picturesIn, picturesOut);
    }
}
