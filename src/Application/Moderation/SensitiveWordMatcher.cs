using System.Globalization;

namespace WeChatGpt.Application.Moderation;

/// <summary>A banned word found in a text: where it is in the original text (inserted spaces and punctuation included).</summary>
public readonly record struct WordMatch(int Start, int Length);

/// <summary>
/// Finds banned words in one pass over the text (Aho–Corasick), ignoring case, full- and half-width forms, and
/// spaces, punctuation, symbols or invisible characters inserted between the letters ("法 轮.功", "ＢＡＤ", "b-a-d").
/// Immutable: built once per word list, shared by every request.
/// </summary>
public sealed class SensitiveWordMatcher
{
    private const int Root = 0;

    // Goto transitions of the trie, keyed by (node << 16) | char.
    private readonly Dictionary<long, int> _next = [];

    // Per node: the failure link, its depth (letters from the root), and the length of the longest word ending here
    // (itself or through failure links; 0 when none).
    private readonly List<int> _fail = [0];
    private readonly List<int> _depth = [0];
    private readonly List<int> _output = [0];

    public static SensitiveWordMatcher Empty { get; } = new([]);

    public SensitiveWordMatcher(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            Add(word);
        }

        Link();
    }

    /// <summary>How many distinct words (as matched: folded, without ignorable characters) it knows.</summary>
    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>The banned words in <paramref name="text"/>, in order; overlapping ones are merged.</summary>
    public IReadOnlyList<WordMatch> Find(string text)
    {
        if (IsEmpty || string.IsNullOrEmpty(text))
        {
            return [];
        }

        var matches = new List<WordMatch>();
        // The original index of each of the last letters seen (a word is at most this long in letters).
        var letters = new List<int>(text.Length);
        var node = Root;
        for (var i = 0; i < text.Length; i++)
        {
            if (!TryFold(text[i], out var c))
            {
                continue;
            }

            letters.Add(i);
            node = Step(node, c);
            var length = _output[node];
            if (length > 0)
            {
                var start = letters[^length];
                if (matches.Count > 0 && matches[^1].Start + matches[^1].Length > start)
                {
                    var merged = matches[^1];
                    matches[^1] = new WordMatch(Math.Min(merged.Start, start), i + 1 - Math.Min(merged.Start, start));
                }
                else
                {
                    matches.Add(new WordMatch(start, i + 1 - start));
                }
            }
        }

        return matches;
    }

    public bool Contains(string text) => Find(text).Count > 0;

    /// <summary><paramref name="text"/> with each banned word's characters replaced by <c>*</c>.</summary>
    public string Mask(string text)
    {
        var matches = Find(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        foreach (var match in matches)
        {
            chars.AsSpan(match.Start, match.Length).Fill('*');
        }

        return new string(chars);
    }

    /// <summary>
    /// Where a banned word may be beginning at the end of <paramref name="text"/> (its last letters are the first
    /// letters of a word): a stream cut there could hand out half a word now and the rest later. The text's length
    /// when no word can be beginning.
    /// </summary>
    public int SafeLength(string text)
    {
        if (IsEmpty || string.IsNullOrEmpty(text))
        {
            return text?.Length ?? 0;
        }

        var letters = new List<int>(text.Length);
        var node = Root;
        for (var i = 0; i < text.Length; i++)
        {
            if (TryFold(text[i], out var c))
            {
                letters.Add(i);
                node = Step(node, c);
            }
        }

        // The longest end of the text that a word could still continue: the deepest node on the failure chain with
        // children (a complete word that nothing continues is no beginning: it is masked where it is).
        var probe = node;
        while (probe != Root && !HasChildren(probe))
        {
            probe = _fail[probe];
        }

        var pending = _depth[probe];
        return pending == 0 ? text.Length : letters[^pending];
    }

    /// <summary>How a character is compared: full-width folded to half-width, lower-cased; false for what is ignored.</summary>
    public static bool TryFold(char c, out char folded)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }

        switch (char.GetUnicodeCategory(c))
        {
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol:
                folded = default;
                return false;
            default:
                folded = char.ToLowerInvariant(c);
                return true;
        }
    }

    private void Add(string word)
    {
        var node = Root;
        var length = 0;
        foreach (var raw in word ?? string.Empty)
        {
            if (!TryFold(raw, out var c))
            {
                continue;
            }

            var key = Key(node, c);
            if (!_next.TryGetValue(key, out var child))
            {
                child = _fail.Count;
                _fail.Add(Root);
                _depth.Add(_depth[node] + 1);
                _output.Add(0);
                _next[key] = child;
            }

            node = child;
            length++;
        }

        if (length > 0 && _output[node] != length)
        {
            _output[node] = length;
            Count++;
        }
    }

    /// <summary>Failure links, breadth first, and each node's longest word through them.</summary>
    private void Link()
    {
        var children = new Dictionary<int, List<(char C, int Child)>>();
        foreach (var (key, child) in _next)
        {
            var parent = (int)(key >> 16);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(((char)(key & 0xFFFF), child));
        }

        _children = children.ToDictionary(kv => kv.Key, kv => kv.Value.Count);
        var queue = new Queue<int>();
        foreach (var (_, child) in children.GetValueOrDefault(Root) ?? [])
        {
            _fail[child] = Root;
            queue.Enqueue(child);
        }

        while (queue.TryDequeue(out var node))
        {
            foreach (var (c, child) in children.GetValueOrDefault(node) ?? [])
            {
                var fallback = _fail[node];
                while (fallback != Root && !_next.ContainsKey(Key(fallback, c)))
                {
                    fallback = _fail[fallback];
                }

                _fail[child] = _next.TryGetValue(Key(fallback, c), out var target) && target != child ? target : Root;
                _output[child] = Math.Max(_output[child], _output[_fail[child]]);
                queue.Enqueue(child);
            }
        }
    }

    private Dictionary<int, int> _children = [];

    private bool HasChildren(int node) => _children.ContainsKey(node);

    private int Step(int node, char c)
    {
        while (true)
        {
            if (_next.TryGetValue(Key(node, c), out var child))
            {
                return child;
            }

            if (node == Root)
            {
                return Root;
            }

            node = _fail[node];
        }
    }

    private static long Key(int node, char c) => ((long)node << 16) | c;
}
