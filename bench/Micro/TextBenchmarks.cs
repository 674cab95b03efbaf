using System.Text;
using BenchmarkDotNet.Attributes;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Moderation;

namespace WeChatGpt.Bench.Micro;

/// <summary>
/// What the sensitive-word filter and the Markdown renderer cost per answer: a 6,000-byte answer of the kind models
/// write (Chinese prose, a list, a table, code), against a 10,000-word list.
/// </summary>
[MemoryDiagnoser]
public class TextBenchmarks
{
    private SensitiveWordMatcher _matcher = SensitiveWordMatcher.Empty;
    private string _answer = string.Empty;
    private string _plain = string.Empty;

    private const string ShortProse = "这是基准测试的回答，模型已经认真思考过了。如果还有问题，请继续提问。";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var words = Enumerable.Range(0, 10_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(2, 6)).Select(_ => (char)random.Next(0x4E00, 0x9FA5)).ToArray()))
            .ToList();
        _matcher = new SensitiveWordMatcher(words);

        var answer = new StringBuilder("## 回答\n\n");
        var paragraph = 0;
        while (Encoding.UTF8.GetByteCount(answer.ToString()) < 6_000)
        {
            answer.Append((++paragraph % 5) switch
            {
                0 => "| 项目 | 说明 |\n|---|---|\n| **甲** | 第一项的说明文字 |\n| 乙 | 第二项的说明，带 `code` |\n\n",
                1 => "1. 首先要理解问题的背景，然后再考虑**具体方案**。\n2. 其次，对比几种做法的优缺点。\n\n",
                2 => "```python\nfor i in range(10):\n    print(i)\n```\n\n",
                _ => "这是一段普通的中文说明文字，模型经常会写出这样的段落，其中包含一些[链接](https://example.com/docs)和*强调*的内容。\n\n",
            });
        }

        _answer = answer.ToString();
        _plain = MarkdownText.ToPlain(_answer);
    }

    [Benchmark]
    public int Find() => _matcher.Find(_plain).Count;

    [Benchmark]
    public string Mask() => _matcher.Mask(_plain);

    [Benchmark]
    public int SafeLength() => _matcher.SafeLength(_plain);

    [Benchmark]
    public string MarkdownToPlain() => MarkdownText.ToPlain(_answer);

    /// <summary>A short answer of plain prose, the instant path's usual case (the parser is skipped).</summary>
    [Benchmark]
    public string ShortProseToPlain() => MarkdownText.ToPlain(ShortProse);

    /// <summary>The same through the parser, as before the prose fast path.</summary>
    [Benchmark]
    public string ShortProseThroughTheParser() => MarkdownText.Render(ShortProse);

    [Benchmark]
    public SensitiveWordMatcher BuildTenThousandWords()
    {
        var random = new Random(1);
        return new SensitiveWordMatcher(Enumerable.Range(0, 10_000).Select(_ => new string((char)random.Next(0x4E00, 0x9FA5), random.Next(2, 6))));
    }
}
