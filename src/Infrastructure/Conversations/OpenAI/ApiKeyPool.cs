using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// The configured API keys, used in rotation. A key refused as unauthorised (401/403) is disabled; a key
/// answered with 429 rests for its Retry-After (or a growing backoff). Keys appear in logs masked.
/// </summary>
internal sealed class ApiKeyPool(IOptionsMonitor<OpenAIOptions> options, TimeProvider clock, ILogger<ApiKeyPool> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyState> _states = new(StringComparer.Ordinal);
    private int _next;

    private IReadOnlyList<string> Keys => options.CurrentValue.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();

    /// <summary>The next usable key in rotation, avoiding <paramref name="avoid"/> while another is usable.</summary>
    public string? Acquire(string? avoid)
    {
        var keys = Keys;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            string? fallback = null;
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[(_next + i) % keys.Count];
                if (!Usable(key, now))
                {
                    continue;
                }

                if (key == avoid)
                {
                    fallback = key;
                    continue;
                }

                _next = (_next + i + 1) % keys.Count;
                return key;
            }

            return fallback;
        }
    }

    /// <summary>How long until a resting key is usable again; null when every key is disabled (or none is configured).</summary>
    public TimeSpan? UntilNextAvailable()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var waits = Keys
                .Select(k => _states.GetValueOrDefault(k))
                .Where(s => s is null || !s.Disabled)
                .Select(s => s?.RestUntil is { } until && until > now ? until - now : TimeSpan.Zero)
                .ToList();
            return waits.Count == 0 ? null : waits.Min();
        }
    }

    public void Disable(string key, int status)
    {
        lock (_gate)
        {
            State(key).Disabled = true;
        }

        logger.LogError("OpenAI key {Key} disabled: HTTP {Status} (unauthorised). Replace it in OpenAI:ApiKeys.", Mask(key), status);
    }

    public void Rest(string key, TimeSpan? retryAfter)
    {
        TimeSpan rest;
        lock (_gate)
        {
            var state = State(key);
            state.RateLimited++;
            var backoff = options.CurrentValue.RateLimitBackoff * Math.Pow(2, Math.Min(state.RateLimited - 1, 10));
            rest = retryAfter ?? (backoff > MaxBackoff ? MaxBackoff : backoff);
            state.RestUntil = clock.GetUtcNow() + rest;
        }

        logger.LogWarning("OpenAI key {Key} rate limited (HTTP 429): resting {Seconds:0} s", Mask(key), rest.TotalSeconds);
    }

    public void Succeeded(string key)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(key, out var state))
            {
                state.RateLimited = 0;
            }
        }
    }

    public static string Mask(string key) => key.Length <= 8 ? "…" : string.Concat("…", key.AsSpan(key.Length - 4));

    private bool Usable(string key, DateTimeOffset now) =>
        !_states.TryGetValue(key, out var state) || (!state.Disabled && (state.RestUntil is null || state.RestUntil <= now));

    private KeyState State(string key)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            state = new KeyState();
            _states[key] = state;
        }

        return state;
    }

    private sealed class KeyState
    {
        public bool Disabled { get; set; }

        public DateTimeOffset? RestUntil { get; set; }

        public int RateLimited { get; set; }
    }
}
