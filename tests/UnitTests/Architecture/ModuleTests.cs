using System.Reflection;
using Shouldly;
using WeChatGpt.Application;

namespace WeChatGpt.UnitTests.Architecture;

/// <summary>
/// The modules stay untangled: Application's feature folders (Messaging, Conversations, Voice, Admin, …) depend on
/// each other without a cycle, and WebApi uses only Infrastructure's entry points, not its internals.
/// </summary>
public sealed class ModuleTests
{
    private const string ApplicationRoot = "WeChatGpt.Application";

    [Fact]
    public void ApplicationFeatureFolders_HaveNoDependencyCycle()
    {
        var edges = new Dictionary<(string From, string To), string>();
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes())
        {
            var from = Feature(type);
            if (from is null)
            {
                continue;
            }

            foreach (var (used, where) in TypeReferences.Of(type))
            {
                if (used.Assembly == type.Assembly && Feature(used) is { } to && to != from)
                {
                    edges.TryAdd((from, to), $"{Outermost(type).FullName} ({where}) uses {used.FullName}");
                }
            }
        }

        var cycle = FindCycle(edges.Keys);

        cycle.ShouldBeNull(cycle is null ? null : "feature folders in a cycle:\n" + string.Join("\n", cycle.Zip(cycle.Skip(1).Append(cycle[0])).Select(e => $"  {e.First} → {e.Second}: {edges[(e.First, e.Second)]}")));
    }

    [Fact]
    public void TheCycleCheck_FindsACycle()
    {
        FindCycle([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]).ShouldNotBeNull().Order().ShouldBe(["A", "B", "C"]);
        FindCycle([("A", "B"), ("B", "C"), ("A", "C")]).ShouldBeNull();
    }

    [Fact]
    public void EveryUseCase_IsItsRequestAndOneHandler_SideBySide_OnTheOneHandlerBase()
    {
        var handlers = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MediatR.IRequestHandler<,>)))
            .ToList();

        handlers.ShouldNotBeEmpty();
        foreach (var handler in handlers)
        {
            var requests = handler.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MediatR.IRequestHandler<,>))
                .Select(i => i.GetGenericArguments()[0])
                .ToList();
            requests.Count.ShouldBe(1, $"{handler.Name} handles one request");
            var baseType = handler.BaseType!;
            (baseType.IsGenericType && baseType.GetGenericTypeDefinition() is var d && (d == typeof(Application.Common.RequestHandlerBase<,>) || d == typeof(Application.Common.RequestHandlerBase<>)))
                .ShouldBeTrue($"{handler.Name} derives from RequestHandlerBase (it gets the pipeline's narrowed token)");
            handler.Namespace.ShouldBe(requests[0].Namespace, $"{handler.Name} sits beside {requests[0].Name}");
            handler.Name.ShouldBe(requests[0].Name + "Handler");
        }
    }

    /// <summary>What WebApi may use of Infrastructure: the composition root, start-up, health tags and the webhook's open/seal pair.</summary>
    private static readonly string[] InfrastructureEntryPoints =
    [
        "WeChatGpt.Infrastructure.DependencyInjection",
        "WeChatGpt.Infrastructure.Persistence.DatabaseInitializer",
        "WeChatGpt.Infrastructure.Persistence.DatabaseConfigurationException",
        "WeChatGpt.Infrastructure.Health.HealthTags",
        "WeChatGpt.Infrastructure.WeChat.WeChatWebhook",
        "WeChatGpt.Infrastructure.WeChat.PushQuery",
        "WeChatGpt.Infrastructure.WeChat.PushOpening",
        "WeChatGpt.Infrastructure.WeChat.SealedReply",
    ];

    [Fact]
    public void WebApi_UsesOnlyInfrastructuresEntryPoints()
    {
        var webApi = Assembly.Load("WeChatGpt.WebApi");
        var misuses = webApi.GetTypes()
            .SelectMany(type => TypeReferences.Of(type).Select(r => (Type: type, r.Used, r.Where)))
            .Where(r => r.Used.Assembly.GetName().Name == "WeChatGpt.Infrastructure" && !InfrastructureEntryPoints.Contains(Outermost(r.Used).FullName))
            .Select(r => $"{Outermost(r.Type).FullName} ({r.Where}) uses {r.Used.FullName}")
            .Distinct()
            .ToList();

        misuses.ShouldBeEmpty();
    }

    /// <summary>The feature folder of a type: the namespace segment after WeChatGpt.Application (the root itself wires everything).</summary>
    private static string? Feature(Type type)
    {
        var ns = Outermost(type).Namespace ?? string.Empty;
        if (!ns.StartsWith(ApplicationRoot + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(ApplicationRoot.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    /// <returns>The nodes of one cycle in order, or null.</returns>
    private static List<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return path[path.IndexOf(to)..];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in next.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
