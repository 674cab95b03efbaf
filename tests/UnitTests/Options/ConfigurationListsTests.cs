using Microsoft.Extensions.Configuration;
using Shouldly;
using WeChatGpt.Application.Common.Options;

namespace WeChatGpt.UnitTests.Options;

public sealed class ConfigurationListsTests
{
    [Theory]
    [InlineData(new[] { "Api:Keys:0=a", "Api:Keys:1=b" }, new[] { "a", "b" })]
    [InlineData(new[] { "Api:Keys=a, b ,,c" }, new[] { "a", "b", "c" })]
    [InlineData(new[] { "Api:Keys:0=a", "Api:Keys=b,a" }, new[] { "a", "b" })]
    [InlineData(new[] { "Api:Keys=" }, new string[0])]
    [InlineData(new[] { "Other=x" }, new string[0])]
    public void AListIsReadFromAnArray_OrFromOneCommaSeparatedValue(string[] settings, string[] expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], (string?)kv[1])))
            .Build();

        configuration.ListAt("Api:Keys").ShouldBe(expected);
    }
}
