using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// The configured API keys, used in rotation. A key refused as unauthorised (401/403) is disabled — and tried again by
/// itself after <see cref="OpenAIOptions.DisabledKeyRetry"/>, so that a key fixed at the provider comes back without a
/// restart (or at once, when the owner re-enables it); a key answered with 429 rests for its Retry-After (or a growing
/// backoff). Keys appear in logs and on the dashboard masked. Requests and errors are counted per key for the owner's
/// day. The state is this instance's: each instance learns a key's fate from its own requests.
/// </summary>
internal sealed class ApiKeyPool(IOptionsMonitor<OpenAIOptions> options, IOptionsMonitor<AdminOptions> admin, TimeProvider clock, ILogger<ApiKeyPool> logger) : IModelKeys
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyState> _states = new(StringComparer.Ordinal);
    private int _next;

    private IReadOnlyList<string> Keys => options.CurrentValue.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();

    /// <summary>The next usable key in rotation, avoiding <paramref name="avoid"/> while another is usable. Counts a request on it.</summary>
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
                return Counted(key, now);
            }

            return fallback is null ? null : Counted(fallback, now);
        }
    }

    /// <summary>How long until a resting key is usable again; null when every key is disabled (or none is configured).</summary>
    public TimeSpan? UntilNextAvailable()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var waits = Keys
                .Select(k => (Key: k, State: _states.GetValueOrDefault(k)))
                .Where(s => s.State is null || !s.State.Disabled || RetryDue(s.State, now))
                .Select(s => s.State?.RestUntil is { } until && until > now ? until - now : TimeSpan.Zero)
                .ToList();
            return waits.Count == 0 ? null : waits.Min();
        }
    }

    public bool AnyUsable
    {
        get
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                return Keys.Any(k => Usable(k, now));
            }
        }
    }

    public void Disable(string key, int status)
    {
        lock (_gate)
        {
            var state = State(key);
            var again = state.Disabled;
            state.Disabled = true;
            state.DisabledAt = clock.GetUtcNow();
            state.RestUntil = null;
            Failed(state, status);
            if (again)
            {
                logger.LogWarning("OpenAI key {Key} still refused: HTTP {Status}; tried again in {Minutes:0} min", Mask(key), status, options.CurrentValue.DisabledKeyRetry.TotalMinutes);
                return;
            }
        }

        logger.LogError("OpenAI key {Key} disabled: HTTP {Status} (unauthorised). Replace it in OpenAI:ApiKeys, or re-enable it on the dashboard once fixed.", Mask(key), status);
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
            state.RestedAt = clock.GetUtcNow();
            state.RestUntil = state.RestedAt + rest;
            Failed(state, 429);
        }

        logger.LogWarning("OpenAI key {Key} rate limited (HTTP 429): resting {Seconds:0} s", Mask(key), rest.TotalSeconds);
    }

    /// <summary>A request on the key failed otherwise (a 5xx, a stall, a stream cut short): counted, the key stays in rotation.</summary>
    public void Failed(string key, int status)
    {
        lock (_gate)
        {
            Failed(State(key), status == 0 ? null : status);
        }
    }

    public void Succeeded(string key)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(key, out var state))
            {
                state.RateLimited = 0;
                if (state.Disabled)
                {
                    // A disabled key tried again after DisabledKeyRetry worked: it was fixed.
                    state.Disabled = false;
                    state.DisabledAt = null;
                    logger.LogInformation("OpenAI key {Key} works again: back in rotation", Mask(key));
                }
            }
        }
    }

    public IReadOnlyList<ModelKeyStatus> List()
    {
        var now = clock.GetUtcNow();
        var today = Today(now);
        lock (_gate)
        {
            return Keys.Select(key =>
            {
                var s = _states.GetValueOrDefault(key);
                var counted = s is not null && s.Day == today;
                var (state, since, until) = s switch
                {
                    { Disabled: true } => ("disabled", s.DisabledAt, s.DisabledAt + options.CurrentValue.DisabledKeyRetry),
                    { RestUntil: { } restUntil } when restUntil > now => ("resting", s.RestedAt, restUntil),
                    _ => ("active", (DateTimeOffset?)null, (DateTimeOffset?)null),
                };
                return new ModelKeyStatus(Mask(key), Last4(key), state, since, until, s?.LastStatus, counted ? s!.Requests : 0, counted ? s!.Errors : 0);
            }).ToList();
        }
    }

    public int Enable(string last4)
    {
        var matched = 0;
        lock (_gate)
        {
            foreach (var key in Keys.Where(k => string.Equals(Last4(k), last4, StringComparison.Ordinal)))
            {
                matched++;
                if (_states.TryGetValue(key, out var state))
                {
                    state.Disabled = false;
                    state.DisabledAt = null;
                    state.RestUntil = null;
                    state.RateLimited = 0;
                }

                logger.LogInformation("OpenAI key {Key} re-enabled by the owner", Mask(key));
            }
        }

        return matched;
    }

    public static string Mask(string key) => key.Length <= 8 ? "…" : string.Concat("…", key.AsSpan(key.Length - 4));

    /// <summary>What the owner names a key by: its last 4 characters (none for a key too short to show any).</summary>
    private static string Last4(string key) => key.Length <= 8 ? string.Empty : key[^4..];

    private bool Usable(string key, DateTimeOffset now) =>
        !_states.TryGetValue(key, out var state)
        || (state.Disabled ? RetryDue(state, now) : state.RestUntil is null || state.RestUntil <= now);

    /// <summary>A disabled key is tried again once <see cref="OpenAIOptions.DisabledKeyRetry"/> has passed (zero: never).</summary>
    private bool RetryDue(KeyState state, DateTimeOffset now) =>
        options.CurrentValue.DisabledKeyRetry > TimeSpan.Zero && state.DisabledAt is { } at && now - at >= options.CurrentValue.DisabledKeyRetry;

    private string Counted(string key, DateTimeOffset now)
    {
        var state = State(key);
        Roll(state, now);
        state.Requests++;
        return key;
    }

    private void Failed(KeyState state, int? status)
    {
        Roll(state, clock.GetUtcNow());
        state.Errors++;
        state.LastStatus = status ?? state.LastStatus;
    }

    /// <summary>Today's counts start at zero when the owner's day changed.</summary>
    private void Roll(KeyState state, DateTimeOffset now)
    {
        var today = Today(now);
        if (state.Day != today)
        {
            state.Day = today;
            state.Requests = 0;
            state.Errors = 0;
        }
    }

    private DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, admin.CurrentValue.FindZone()).DateTime);

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

        public DateTimeOffset? DisabledAt { get; set; }

        public DateTimeOffset? RestedAt { get; set; }

        public DateTimeOffset? RestUntil { get; set; }

        public int RateLimited { get; set; }

        public int? LastStatus { get; set; }

        public DateOnly Day { get; set; }

        public int Requests { get; set; }

        public int Errors { get; set; }
    }
}
