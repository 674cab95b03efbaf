using Microsoft.EntityFrameworkCore;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>A few useful templates for a new installation (only when there are none).</summary>
internal static class TemplateSeeder
{
    public static async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Templates.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Templates.AddRange(Defaults());
        await db.SaveChangesAsync(cancellationToken);
    }

    public static IEnumerable<Template> Defaults() =>
    [
        new Template(
            id: "english",
            name: "英语口语练习",
            trigger: "英语",
            systemPrompt:
                "You are a friendly English speaking partner for a Chinese learner. The topic is: {topic}. " +
                "Always answer in English at a learner-friendly level (about CEFR B1): short sentences, common words. " +
                "If the learner's last message has grammar or word-choice mistakes, first correct them briefly in one line " +
                "starting with \"Correction:\", then reply naturally in at most 80 words and end with a question that keeps the " +
                "conversation on the topic going. Use plain text only, no Markdown.",
            language: "en-US",
            description: "用英语聊一个话题，我会简短纠正你的错误。例：英语:旅行",
            defaultTopic: "daily life",
            sortOrder: 10),
        new Template(
            id: "translate",
            name: "中英互译",
            trigger: "翻译",
            systemPrompt:
                "你是专业的中英翻译。用户发来中文，就译成自然地道的英文；发来英文或其他语言，就译成中文。只输出译文，不要解释。{topic}",
            language: "zh-CN",
            description: "发来中文译成英文，发来英文译成中文。",
            defaultTopic: string.Empty,
            sortOrder: 20),
        new Template(
            id: "polish",
            name: "写作润色",
            trigger: "润色",
            systemPrompt:
                "你是一位耐心的中文写作编辑。用户发来一段文字，请在保持原意的前提下润色，使其通顺、准确、得体；" +
                "先给出润色后的全文，再用一两句话说明主要改动。文体：{topic}。只用纯文本。",
            language: "zh-CN",
            description: "帮你修改文字，例：润色:工作邮件",
            defaultTopic: "通用",
            sortOrder: 30),
    ];
}
