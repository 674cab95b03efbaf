using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

public interface ITemplateStore
{
    /// <summary>Enabled templates, in display order.</summary>
    Task<IReadOnlyList<Template>> ListEnabledAsync(CancellationToken cancellationToken);

    Task<Template?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every template, enabled or not (the admin API).</summary>
    Task<IReadOnlyList<Template>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces a template.</summary>
    Task SaveAsync(Template template, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
