using Shouldly;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Protection;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.UnitTests.Admin;

public sealed class DashboardArithmeticTests
{
    [Fact]
    public void Today_InShanghai_RunsFrom16UtcTo16Utc()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var (day, from, to) = DashboardArithmetic.DayBounds(new DateTimeOffset(2026, 11, 22, 17, 30, 0, TimeSpan.Zero), zone);

        day.ShouldBe(new DateOnly(2026, 11, 23));
        from.UtcDateTime.ShouldBe(new DateTime(2026, 11, 22, 16, 0, 0, DateTimeKind.Utc));
        to.UtcDateTime.ShouldBe(new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void ADaylightSavingDay_Is23Hours()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var (_, from, to) = DashboardArithmetic.DayBounds(new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), zone);

        (to - from).ShouldBe(TimeSpan.FromHours(23));
    }

    [Theory]
    [InlineData(new long[] { 100 }, 100)]
    [InlineData(new long[] { 1, 2, 3 }, 3)]
    [InlineData(new long[] { 5, 1, 4, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 19)]
    public void P95_IsTheNearestRank(long[] values, long expected) =>
        DashboardArithmetic.Percentile(values, 0.95).ShouldBe(TimeSpan.FromMilliseconds(expected));

    [Fact]
    public void P95_OfNothing_IsNull() => DashboardArithmetic.Percentile([], 0.95).ShouldBeNull();

    [Theory]
    [InlineData("101.226.103.0/25", "101.226.103.127", true)]
    [InlineData("101.226.103.0/25", "101.226.103.128", false)]
    [InlineData("58.251.80.32", "58.251.80.32", true)]
    [InlineData("58.251.80.32", "58.251.80.33", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    public void CallbackRanges_AreSingleIpsOrCidr(string range, string address, bool inside)
    {
        CallbackIpAllowList.TryParseRange(range, out var network).ShouldBeTrue();
        network.Contains(System.Net.IPAddress.Parse(address)).ShouldBe(inside);
    }

    [Theory]
    [InlineData("not an ip")]
    [InlineData("10.0.0.0/33")]
    public void Garbage_IsNotARange(string value) => CallbackIpAllowList.TryParseRange(value, out _).ShouldBeFalse();

    [Fact]
    public void AnEventKey_ShowsOnlyTheStartOfTheOpenId_InLogs()
    {
        var key = MessageKey.ForEvent("oABCDEF1234567890", 1700000000);

        key.ToString().ShouldBe("e:oABCDE…:1700000000");
        key.Value.ShouldBe("e:oABCDEF1234567890:1700000000");
        MessageKey.ForMessage(42).ToString().ShouldBe("m:42");
    }
}
