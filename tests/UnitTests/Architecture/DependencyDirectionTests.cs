using System.Reflection;
using Shouldly;
using WeChatGpt.Application;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.UnitTests.Architecture;

/// <summary>Dependencies point inward: Domain references nothing of ours or any package; Application only Domain and abstractions.</summary>
public sealed class DependencyDirectionTests
{
    private static readonly Assembly Domain = typeof(IncomingMessage).Assembly;
    private static readonly Assembly Application = typeof(DependencyInjection).Assembly;

    [Fact]
    public void Domain_ReferencesOnlyTheFramework()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard" || name == "mscorlib");
    }

    [Fact]
    public void Application_DoesNotReferenceInfrastructureWebOrDataAccess()
    {
        var references = Application.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        references.ShouldNotContain("WeChatGpt.Infrastructure");
        references.ShouldNotContain("WeChatGpt.WebApi");
        references.ShouldAllBe(name => !name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            && !name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            && !name.StartsWith("OpenAI", StringComparison.Ordinal)
            && !name.StartsWith("Hangfire", StringComparison.Ordinal)
            && !name.StartsWith("Quartz", StringComparison.Ordinal));
    }

    [Fact]
    public void Domain_TypesDoNotDependOnOuterLayers()
    {
        var outer = new[] { "WeChatGpt.Application", "WeChatGpt.Infrastructure", "WeChatGpt.WebApi" };
        foreach (var type in Domain.GetTypes())
        {
            var used = type.GetProperties().Select(p => p.PropertyType)
                .Concat(type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.FieldType));
            used.ShouldAllBe(t => t.Namespace == null || !outer.Any(o => t.Namespace.StartsWith(o, StringComparison.Ordinal)), type.FullName);
        }
    }
}
