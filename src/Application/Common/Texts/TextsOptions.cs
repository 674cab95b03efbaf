namespace WeChatGpt.Application.Common.Texts;

/// <summary>Texts a follower reads (section <c>Texts</c>). Chinese by default; every one is configurable.</summary>
public sealed class TextsOptions
{
    public const string SectionName = "Texts";

    public string Welcome { get; set; } = "感谢关注！我是 AI 助手，直接发文字或语音和我聊天吧。发送“帮助”查看可用指令。";

    public string Unsupported { get; set; } = "暂时只能看懂文字和语音消息哦，请用文字或语音提问。";

    public string Apology { get; set; } = "抱歉，刚才出了点问题，请稍后再试一次。";

    /// <summary>The help text; <c>{templates}</c> becomes the list of templates.</summary>
    public string Help { get; set; } =
        "直接发文字或语音向我提问。\n指令：\n• 继续 — 获取较长回答的后续内容\n• 重置 — 清空对话记录，开始新话题\n• 语音开 / 语音关 — 用语音回答\n• 模板 — 查看可用模板\n• 退出 — 退出当前模板\n{templates}";

    /// <summary>A question with a banned word (Moderation:QuestionAction=Refuse), or an answer with one (AnswerAction=Refuse).</summary>
    public string Moderated { get; set; } = "抱歉，这个话题我不能回答，换个问题试试吧。";

    /// <summary>Once, before the first answer after <c>Chat:HistoryIdleExpiry</c> without a message: the earlier turns are no longer in mind.</summary>
    public string ConversationExpired { get; set; } = "（距离上次聊天已经有一段时间了，我们开始新的对话吧。）";

    public string ResetDone { get; set; } = "已清空对话记录，我们重新开始吧。";

    public string VoiceOn { get; set; } = "已开启语音回复。发送“语音关”可关闭。";

    public string VoiceOff { get; set; } = "已关闭语音回复。";

    /// <summary>Header of the template list; each template follows on its own line.</summary>
    public string TemplatesHeader { get; set; } = "可用模板（发送“触发词”或“触发词:话题”开始）：";

    public string NoTemplates { get; set; } = "暂时没有可用的模板。";

    /// <summary><c>{name}</c>, <c>{topic}</c>, <c>{description}</c>.</summary>
    public string TemplateStarted { get; set; } = "已开始「{name}」，话题：{topic}。{description}\n发送“退出”结束。";

    public string TemplateExited { get; set; } = "已退出模板，回到普通对话。";

    public string NothingToContinue { get; set; } = "没有需要继续的内容了，直接提问吧。";

    /// <summary>After a part of a long answer; <c>{count}</c> parts remain.</summary>
    public string MorePartsHint { get; set; } = "（还有 {count} 段，回复“继续”查看）";

    /// <summary>After partial text on the last delivery, while the answer is still being generated.</summary>
    public string PartialHint { get; set; } = "……\n（回答还在生成中，回复“继续”获取后续内容）";

    /// <summary>On the last delivery with nothing generated yet.</summary>
    public string StillThinking { get; set; } = "正在思考中，请稍等几秒后回复“继续”获取回答。";

    /// <summary>The last delivery of a question still queued behind a crowd: it is kept, and its answer comes on "继续".</summary>
    public string Crowded { get; set; } = "现在提问的人很多，你的问题已在排队，请一分钟后回复“继续”查看回答。";

    /// <summary>Added to a new question's reply while an earlier answer still waits for "继续".</summary>
    public string EarlierAnswerWaiting { get; set; } = "（上一个回答还有未读内容，回复“继续”查看）";

    /// <summary>Before a part of an earlier answer; <c>{question}</c> is its question.</summary>
    public string EarlierAnswerPrefix { get; set; } = "接着回答「{question}」：";

    public string Busy { get; set; } = "上一个问题还在回答中，请稍等片刻。回答好后回复“继续”即可查看。";

    /// <summary><c>{seconds}</c>: when to try again.</summary>
    public string RateLimited { get; set; } = "你发得太快啦，请 {seconds} 秒后再试。";

    /// <summary>A follower spent today's tokens (<c>Chat:DailyTokensPerFollower</c>).</summary>
    public string DailyBudgetSpent { get; set; } = "今天的对话额度已经用完啦，明天再来找我聊吧。";

    public string Interrupted { get; set; } = "抱歉，刚才的回答因服务重启中断了，请重新发送你的问题。";

    /// <summary>The reply when the service stopped while writing the answer: what was written waits for 继续.</summary>
    public string SavedAtShutdown { get; set; } = "服务正在更新，回答写了一部分，已为你保存。稍后发送「继续」查看。";

    /// <summary>Appended to an answer kept at shutdown: it stops short.</summary>
    public string AnswerCutShort { get; set; } = "（回答因服务更新而中断。如需完整回答，请再问一次。）";

    public string ContinuationFailed { get; set; } = "抱歉，上一个回答没能生成完整，请重新提问。";

    /// <summary>After each customer-service part but the last: <c>{index}</c> of <c>{total}</c>.</summary>
    public string PushedPartSuffix { get; set; } = "（{index}/{total}）";

    /// <summary>Spoken at the end of a voice reply that covers only the answer's beginning.</summary>
    public string SpokenMoreHint { get; set; } = "完整内容请回复“继续”查看文字。";

    /// <summary>The same, in English voice replies (English templates).</summary>
    public string SpokenMoreHintEnglish { get; set; } = "Send 继续 to read the full text.";

    /// <summary>Added once to the text sent instead of a voice reply that was not ready in time.</summary>
    public string VoiceNotReady { get; set; } = "（语音没能及时生成，先发文字给你）";

    /// <summary>A voice message that cannot be transcribed here (no speech provider, or no ffmpeg).</summary>
    public string VoiceInputUnavailable { get; set; } = "暂时听不了语音，请打字提问吧。";

    /// <summary>A voice message in which nothing was recognised.</summary>
    public string VoiceNotUnderstood { get; set; } = "没听清，请再说一遍，或者打字提问。";

    public string QuestionTooLong { get; set; } = "问题太长啦，请精简一些再发送。";

    /// <summary>The last delivery of a message when the database could not answer in time (it stayed locked).</summary>
    public string StorageBusy { get; set; } = "系统正忙，请稍后再发一次你的问题。";

    /// <summary>A picture that cannot be looked at: not a JPG/PNG/GIF/WebP image, too large, or not to be fetched.</summary>
    public string PictureInvalid { get; set; } = "这张图片看不了：只支持 10 MB 以内的 JPG、PNG、GIF 或 WebP 图片，换一张试试吧。";

    /// <summary>The model refused a picture (it does not take images).</summary>
    public string PictureNotSupported { get; set; } = "抱歉，当前的模型看不了图片，请用文字描述你的问题。";

    /// <summary>The last delivery of "画 …" while the image is still being drawn.</summary>
    public string Drawing { get; set; } = "正在为你画图，需要一点时间，请稍等半分钟后回复“继续”取图。";

    /// <summary>"画" with nothing to draw.</summary>
    public string DrawWhat { get; set; } = "想画什么呢？请在“画”后面写上描述，例如：画 一只在月球上喝咖啡的猫";

    /// <summary>"画 …" where no image can be sent back (the consumer API, a spoken request).</summary>
    public string DrawNotHere { get; set; } = "画图请在公众号里发文字，例如：画 一只在月球上喝咖啡的猫";

    /// <summary>The image could not be drawn (the image model failed or refused).</summary>
    public string DrawFailed { get; set; } = "抱歉，这张图没画出来，请换个描述再试一次。";

    /// <summary>Kept for "继续" after what the model wrote when its answer broke off (the stream ended without finishing).</summary>
    public string AnswerBrokeOff { get; set; } = "（回答在这里中断了。如需完整回答，请再问一次。）";
}
