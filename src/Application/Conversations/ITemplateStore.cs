using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

public interface ITemplateStore
{
    /// <summary>Enabled templates, in display order.</summary>
    Task<IReadOnlyList<Template>> ListEnabledAsync(CancellationToken cancellationToken);

    Task<Template?> FindAsync(string id, CancellationToken cancellationToken);
}
