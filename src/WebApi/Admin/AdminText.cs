using System.Globalization;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// Every text of the admin pages, in one place: written in English in the code (the key), shown in the owner's language
/// (<c>Admin:Language</c>: <c>zh-CN</c> by default, or <c>en</c>). A key without a translation shows as written — a unit
/// test checks that every key used in the pages has one.
/// </summary>
public sealed class AdminText
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        // Layout and navigation.
        ["WeChatGpt admin"] = "WeChatGpt 管理后台",
        ["Today"] = "今日",
        ["Trends"] = "趋势",
        ["Failures"] = "失败记录",
        ["Usage"] = "用量",
        ["Keys"] = "密钥",
        ["Keywords"] = "关键词",
        ["Templates"] = "模板",
        ["Menu"] = "菜单",
        ["Followers"] = "粉丝",
        ["Jobs"] = "后台任务",
        ["API"] = "接口",
        ["Jobs are turned off (Jobs:Enabled=false): nothing is scheduled and no job runs."] = "后台任务已关闭（Jobs:Enabled=false）：不安排也不运行任何任务。",
        ["← Previous"] = "← 上一页",
        ["Next →"] = "下一页 →",
        ["Page {0} of {1}"] = "第 {0} 页，共 {1} 页",
        ["Search"] = "搜索",
        ["The form has expired or did not come from this dashboard. Reload the page and try again."] = "表单已过期或并非来自本后台，请刷新页面后重试。",

        // Today.
        ["Messages received"] = "收到的消息",
        ["Answered within the window"] = "窗口内回答",
        ["Partial answers"] = "部分回答",
        ["继续 requests"] = "“继续”请求",
        ["Model errors"] = "模型错误",
        ["Average model latency"] = "模型平均耗时",
        ["p95 model latency"] = "模型 p95 耗时",
        ["Failures on record"] = "失败记录",
        ["Tokens"] = "Token 用量",
        ["Tokens (partly estimated)"] = "Token 用量（部分为估算）",
        ["Other replies"] = "其他回复",
        ["Events (subscribe, menu…)"] = "事件（关注、菜单等）",
        ["Commands and keyword replies"] = "指令与关键词回复",
        ["Pushed by customer service"] = "客服消息推送",
        ["Throttled"] = "被限流",
        ["Interrupted by a restart"] = "因重启中断",
        ["Questions refused by the word filter"] = "被敏感词拦截的问题",
        ["Answers written (turns)"] = "写下的回答（轮次）",
        ["Photos looked at"] = "看过的图片",
        ["Images drawn"] = "画出的图片",
        ["Model latency runs from the question's arrival to the model's last word."] = "模型耗时：从问题到达到模型写完最后一个字。",

        // Followers and a conversation.
        ["OpenID starts with…"] = "OpenID 开头…",
        ["{0} follower(s)"] = "{0} 位粉丝",
        ["{0} follower(s) and {1} API test follower(s)"] = "{0} 位粉丝，另有 {1} 个接口测试用户",
        ["API test"] = "接口测试",
        ["API test follower"] = "接口测试用户",
        ["OpenID"] = "OpenID",
        ["Last activity"] = "最近活动",
        ["Turns"] = "轮次",
        ["Voice replies"] = "语音回复",
        ["Following"] = "关注中",
        ["on"] = "开",
        ["off"] = "关",
        ["yes"] = "是",
        ["no"] = "否",
        ["Follower"] = "粉丝",
        ["Conversation reset: {0} turn(s) forgotten."] = "对话已重置：清除了 {0} 轮。",
        ["First seen {0} · last activity {1} · voice replies {2} · {3}"] = "首次出现 {0} · 最近活动 {1} · 语音回复{2} · {3}",
        ["following"] = "关注中",
        ["not following"] = "未关注",
        ["Reset conversation"] = "重置对话",
        ["Forget this follower's whole conversation?"] = "确定清除这位粉丝的全部对话吗？",
        ["Words in the questions…"] = "问题中的字词…",
        ["Conversation"] = "对话",
        ["({0} turns, newest first)"] = "（{0} 轮，最新在前）",
        ["({0} turns with “{1}”, newest first)"] = "（含“{1}”的 {0} 轮，最新在前）",
        ["answered in {0}"] = "用时 {0}",
        ["via the API"] = "来自接口",
        ["via WeChat"] = "来自微信",
        ["{0} tokens"] = "{0} tokens",
        ["(estimated)"] = "（估算）",
        ["reply"] = "回复",
        ["继续 {0}"] = "继续 {0}",
        ["The model's Markdown"] = "模型原文（Markdown）",
        ["No turns."] = "没有对话。",
        ["Drawn image"] = "画出的图片",
        ["template “{0}”"] = "模板“{0}”",
        ["sent as voice"] = "以语音发送",
        ["a part at the last delivery, the rest on 继续"] = "最后一次推送时先发部分，其余由“继续”取",
        ["pushed by customer service"] = "经客服消息推送",
        ["interrupted"] = "中断",
        ["(keyword replies, commands and 继续, the last three days)"] = "（关键词回复、指令和“继续”，最近三天）",
        ["继续"] = "继续",
        ["keyword reply or command"] = "关键词回复或指令",
        ["Photo sent"] = "发来的图片",

        // Failures.
        ["← previous day"] = "← 前一天",
        ["next day →"] = "后一天 →",
        ["All ({0})"] = "全部（{0}）",
        ["Time"] = "时间",
        ["Kind"] = "类型",
        ["Status"] = "状态码",
        ["What happened"] = "发生了什么",
        ["Question"] = "问题",
        ["No failures on record for this day."] = "这一天没有失败记录。",
        ["Kept for the owner only: followers got a short apology, and nothing of a failed answer goes into their history."] = "仅供管理员查看：粉丝只收到一句简短的致歉，失败的回答不会进入对话历史。",

        // Keys.
        ["Model keys"] = "模型密钥",
        ["Key …{0} is back in rotation."] = "密钥 …{0} 已重新启用。",
        ["Key"] = "密钥",
        ["State"] = "状态",
        ["Since"] = "起始",
        ["Last error"] = "最近错误",
        ["Requests today"] = "今日请求",
        ["Errors today"] = "今日错误",
        ["disabled"] = "已停用",
        ["(tried again {0})"] = "（{0} 自动重试）",
        ["resting"] = "休息中",
        ["until {0}"] = "至 {0}",
        ["active"] = "可用",
        ["Re-enable"] = "重新启用",
        ["No key is configured (OpenAI:ApiKeys): questions get the apology."] = "未配置密钥（OpenAI:ApiKeys）：提问只会收到致歉。",
        ["The state is this instance's. A key refused with 401/403 is disabled and tried again by itself after OpenAI:DisabledKeyRetry; re-enable it here once it is fixed."] = "状态仅属于本实例。被 401/403 拒绝的密钥会停用，并在 OpenAI:DisabledKeyRetry 之后自动重试；修好后可在此立即重新启用。",

        // Usage and trends.
        ["Usage and cost"] = "用量与费用",
        ["7 days"] = "7 天",
        ["30 days"] = "30 天",
        ["Tokens today"] = "今日 tokens",
        ["Tokens, {0} days"] = "{0} 天 tokens",
        ["Cost, {0} days"] = "{0} 天费用",
        ["Per day"] = "按天",
        ["Day"] = "日期",
        ["Prompt tokens"] = "输入 tokens",
        ["Completion tokens"] = "输出 tokens",
        ["Cost"] = "费用",
        ["Models"] = "模型",
        ["Who spent the most today"] = "今日用量最多的粉丝",
        ["Tokens as the endpoint counted them (the stream's usage); \"estimated\" where it sent none. Cost from OpenAI:Prices (per million tokens)."] = "Token 数来自接口的计数（流式 usage）；接口未提供时为估算。费用按 OpenAI:Prices（每百万 tokens）计算。",
        ["Messages"] = "消息",
        ["Failures on record, per day"] = "失败记录",
        ["Partials"] = "部分回答",
        ["Answered in window"] = "窗口内回答",
        ["max {0}"] = "最高 {0}",

        // Keywords, templates, menu.
        ["Keyword replies"] = "关键词回复",
        ["Keyword reply saved: it answers at once."] = "关键词回复已保存，立即生效。",
        ["Keyword reply deleted."] = "关键词回复已删除。",
        ["Add a keyword reply"] = "添加关键词回复",
        ["Keyword"] = "关键词",
        ["Match"] = "匹配方式",
        ["Exact: the whole message"] = "精确：整条消息",
        ["Contains: anywhere in the message"] = "包含：出现在消息中",
        ["Reply"] = "回复内容",
        ["Enabled"] = "启用",
        ["Add"] = "添加",
        ["Save"] = "保存",
        ["Delete"] = "删除",
        ["Delete the keyword reply for “{0}”?"] = "确定删除“{0}”的关键词回复吗？",
        ["Checked before the model: exact rules first, then the longest matching “contains” rule. An exact keyword also answers a menu CLICK button whose key it is."] = "在调用模型之前匹配：先精确规则，再取最长的“包含”规则。精确关键词也会回复 key 与之相同的菜单 CLICK 按钮。",
        ["Template saved: followers can start it with its trigger now."] = "模板已保存，粉丝现在可以用触发词开启。",
        ["Template deleted."] = "模板已删除。",
        ["Add a template"] = "添加模板",
        ["Id (lowercase letters, digits and dashes)"] = "Id（小写字母、数字和连字符）",
        ["Name"] = "名称",
        ["Trigger"] = "触发词",
        ["System prompt"] = "系统提示词",
        ["Language"] = "语言",
        ["Description"] = "说明",
        ["Default topic"] = "默认话题",
        ["Order"] = "排序",
        ["Delete the template “{0}”?"] = "确定删除模板“{0}”吗？",
        ["A follower starts a template by sending its trigger, optionally with a topic after a colon (英语:旅行); {topic} in the system prompt is replaced by the topic."] = "粉丝发送触发词即可开启模板，可在冒号后附话题（英语:旅行）；系统提示词中的 {topic} 会替换为话题。",
        ["Custom menu"] = "自定义菜单",
        ["The menu was published: followers see it within minutes (WeChat caches it)."] = "菜单已发布：粉丝几分钟内可见（微信有缓存）。",
        ["The custom menu was removed."] = "自定义菜单已删除。",
        ["WeChat's own menu JSON. Checked before it is sent: 1–3 buttons on the bar, at most 5 sub-buttons each, names of at most 16 bytes (60 in a sub-menu; a Chinese character is 3), keys and URLs where the type needs them. A CLICK button whose key is an exact keyword gets that keyword's reply."] = "微信原生菜单 JSON。发送前检查：一级 1–3 个按钮，每个最多 5 个子按钮，名称最多 16 字节（子菜单 60 字节，一个汉字 3 字节），按类型要求填写 key 和 URL。key 与精确关键词相同的 CLICK 按钮会得到该关键词的回复。",
        ["Publish"] = "发布",
        ["Remove the menu"] = "删除菜单",
        ["Remove the custom menu for every follower?"] = "确定为所有粉丝删除自定义菜单吗？",
        ["Not WeChat's menu JSON: {0}"] = "不是微信菜单 JSON：{0}",
        ["WeChat refused the menu: errcode {0} ({1})."] = "微信拒绝了菜单：errcode {0}（{1}）。",
        ["WeChat refused: errcode {0} ({1})."] = "微信拒绝：errcode {0}（{1}）。",
        ["WeChat's API is not configured: set WeChat:AppId and WeChat:AppSecret."] = "未配置微信接口：请设置 WeChat:AppId 和 WeChat:AppSecret。",
    };

    private readonly bool _english;

    public AdminText(string language)
    {
        _english = language == "en";
        Language = _english ? "en" : "zh-CN";
    }

    /// <summary>The page's <c>lang</c>.</summary>
    public string Language { get; }

    /// <summary>The keys with a Chinese text (for the test that every key used has one).</summary>
    public static IReadOnlyCollection<string> Keys => Chinese.Keys;

    /// <summary>A text in the owner's language.</summary>
    public string this[string english] => _english ? english : Chinese.GetValueOrDefault(english, english);

    /// <summary>A text with values put in (<c>{0}</c>, <c>{1}</c>…), numbers written the invariant way.</summary>
    public string Format(string english, params object?[] values) => string.Format(CultureInfo.InvariantCulture, this[english], values);
}
