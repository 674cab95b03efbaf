using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// Hand-kept snapshot of the model after the latest migration. A test compares it with the model:
/// a change to the model without a migration (and this snapshot) fails it, and <c>Migrate()</c> refuses.
/// </summary>
[DbContext(typeof(AppDbContext))]
public sealed class AppDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "10.0.14");

        modelBuilder.Entity("WeChatGpt.Domain.Messaging.Delivery", b =>
        {
            b.Property<string>("Key").HasColumnType("TEXT");
            b.Property<int>("Count").HasColumnType("INTEGER");
            b.Property<long>("FirstSeenAt").HasColumnType("INTEGER");
            b.Property<string>("Kind").IsRequired().HasColumnType("TEXT");
            b.Property<long>("LastSeenAt").HasColumnType("INTEGER");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<int>("Outcome").HasColumnType("INTEGER");
            b.Property<string>("Owner").HasColumnType("TEXT");
            b.Property<string>("Query").HasColumnType("TEXT");
            b.Property<long?>("RepliedAt").HasColumnType("INTEGER");
            b.Property<string>("Reply").HasColumnType("TEXT");
            b.Property<int>("State").HasColumnType("INTEGER");
            b.HasKey("Key");
            b.HasIndex("FirstSeenAt");
            b.HasIndex("Query").IsUnique();
            b.HasIndex("RepliedAt");
            b.HasIndex("OpenId", "FirstSeenAt").HasFilter("\"Outcome\" = 3");
            b.ToTable("Deliveries");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Messaging.Push", b =>
        {
            b.Property<string>("Key").HasColumnType("TEXT");
            b.Property<int>("Attempts").HasColumnType("INTEGER");
            b.Property<long>("CreatedAt").HasColumnType("INTEGER");
            b.Property<bool>("Done").HasColumnType("INTEGER");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<int>("PartsSent").HasColumnType("INTEGER");
            b.Property<string>("PictureMediaId").HasColumnType("TEXT");
            b.Property<string>("Question").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Text").IsRequired().HasColumnType("TEXT");
            b.Property<long>("UpdatedAt").HasColumnType("INTEGER");
            b.HasKey("Key");
            b.HasIndex("UpdatedAt");
            b.ToTable("Pushes");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Followers.Follower", b =>
        {
            b.Property<string>("OpenId").HasColumnType("TEXT");
            b.Property<long>("FirstSeenAt").HasColumnType("INTEGER");
            b.Property<bool>("IsSubscribed").HasColumnType("INTEGER");
            b.Property<long>("LastActiveAt").HasColumnType("INTEGER");
            b.Property<int>("ServiceMessagesSent").HasColumnType("INTEGER");
            b.Property<string>("SubscribeScene").HasColumnType("TEXT");
            b.Property<long?>("UnsubscribedAt").HasColumnType("INTEGER");
            b.Property<bool>("VoiceReplies").HasColumnType("INTEGER");
            b.HasKey("OpenId");
            b.HasIndex("LastActiveAt");
            b.ToTable("Followers");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Conversation", b =>
        {
            b.Property<Guid>("Id").HasColumnType("TEXT");
            b.Property<long?>("EndedAt").HasColumnType("INTEGER");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<long>("StartedAt").HasColumnType("INTEGER");
            b.Property<string>("TemplateId").HasColumnType("TEXT");
            b.Property<string>("Topic").HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("OpenId");
            b.ToTable("Conversations");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Turn", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<string>("Answer").IsRequired().HasColumnType("TEXT");
            b.Property<long>("AnsweredAt").HasColumnType("INTEGER");
            b.Property<long>("AskedAt").HasColumnType("INTEGER");
            b.Property<Guid>("ConversationId").HasColumnType("TEXT");
            b.Property<bool>("Drawn").HasColumnType("INTEGER");
            b.Property<string>("MessageKey").IsRequired().HasColumnType("TEXT");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<int>("CompletionTokens").HasColumnType("INTEGER");
            b.Property<string>("Model").HasColumnType("TEXT");
            b.Property<long?>("PictureId").HasColumnType("INTEGER");
            b.Property<int>("PromptTokens").HasColumnType("INTEGER");
            b.Property<string>("Question").IsRequired().HasColumnType("TEXT");
            b.Property<bool>("TokensEstimated").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("AskedAt");
            b.HasIndex("ConversationId");
            b.HasIndex("MessageKey").IsUnique();
            b.HasIndex("OpenId");
            b.ToTable("Turns");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Template", b =>
        {
            b.Property<string>("Id").HasColumnType("TEXT");
            b.Property<string>("DefaultTopic").HasColumnType("TEXT");
            b.Property<string>("Description").HasColumnType("TEXT");
            b.Property<bool>("Enabled").HasColumnType("INTEGER");
            b.Property<string>("Language").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Name").IsRequired().HasColumnType("TEXT");
            b.Property<int>("SortOrder").HasColumnType("INTEGER");
            b.Property<string>("SystemPrompt").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Trigger").IsRequired().HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("Trigger").IsUnique();
            b.ToTable("Templates");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Continuation", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<long>("CreatedAt").HasColumnType("INTEGER");
            b.Property<bool>("Failed").HasColumnType("INTEGER");
            b.Property<string>("LastPart").HasColumnType("TEXT");
            b.Property<string>("LastTakenBy").HasColumnType("TEXT");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<int>("PartsTaken").HasColumnType("INTEGER");
            b.Property<string>("PictureMediaId").HasColumnType("TEXT");
            b.Property<string>("QuestionPreview").IsRequired().HasColumnType("TEXT");
            b.Property<string>("RemainingText").IsRequired().HasColumnType("TEXT");
            b.Property<string>("SourceKey").IsRequired().HasColumnType("TEXT");
            b.Property<int>("State").HasColumnType("INTEGER");
            b.Property<long>("UpdatedAt").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("OpenId");
            b.HasIndex("SourceKey").IsUnique();
            b.ToTable("Continuations");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Voice.MediaRecord", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<long>("CreatedAt").HasColumnType("INTEGER");
            b.Property<long?>("DeletedAt").HasColumnType("INTEGER");
            b.Property<long?>("DeliveredAt").HasColumnType("INTEGER");
            b.Property<long?>("ExpiresAt").HasColumnType("INTEGER");
            b.Property<int>("Kind").HasColumnType("INTEGER");
            b.Property<string>("LocalFile").HasColumnType("TEXT");
            b.Property<string>("MediaId").IsRequired().HasColumnType("TEXT");
            b.Property<string>("MediaType").IsRequired().HasColumnType("TEXT");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<long>("SizeBytes").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("CreatedAt");
            b.HasIndex("MediaId");
            b.ToTable("MediaRecords");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Admin.KeywordReply", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<bool>("Enabled").HasColumnType("INTEGER");
            b.Property<string>("Keyword").IsRequired().HasColumnType("TEXT");
            b.Property<int>("Match").HasColumnType("INTEGER");
            b.Property<string>("Reply").IsRequired().HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("Keyword", "Match").IsUnique();
            b.ToTable("KeywordReplies");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Pictures.Picture", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<byte[]>("Content").IsRequired().HasColumnType("BLOB");
            b.Property<string>("ContentType").IsRequired().HasColumnType("TEXT");
            b.Property<long>("CreatedAt").HasColumnType("INTEGER");
            b.Property<int>("Direction").HasColumnType("INTEGER");
            b.Property<int>("Height").HasColumnType("INTEGER");
            b.Property<string>("MediaId").HasColumnType("TEXT");
            b.Property<string>("MessageKey").IsRequired().HasColumnType("TEXT");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<long>("SizeBytes").HasColumnType("INTEGER");
            b.Property<int>("Width").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("CreatedAt");
            b.HasIndex("OpenId");
            b.ToTable("Pictures");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Moderation.BannedWord", b =>
        {
            b.Property<string>("Word").HasColumnType("TEXT");
            b.Property<long>("AddedAt").HasColumnType("INTEGER");
            b.HasKey("Word");
            b.ToTable("BannedWords");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Operations.FailureRecord", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<long>("At").HasColumnType("INTEGER");
            b.Property<string>("Detail").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Kind").IsRequired().HasColumnType("TEXT");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Question").HasColumnType("TEXT");
            b.Property<int?>("Status").HasColumnType("INTEGER");
            b.HasKey("Id");
            b.HasIndex("At");
            b.ToTable("Failures");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Protection.CallbackIpRange", b =>
        {
            b.Property<string>("Range").HasColumnType("TEXT");
            b.Property<long>("FetchedAt").HasColumnType("INTEGER");
            b.HasKey("Range");
            b.ToTable("CallbackIpRanges");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Turn", b =>
        {
            b.HasOne("WeChatGpt.Domain.Conversations.Conversation", null)
                .WithMany()
                .HasForeignKey("ConversationId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });
    }
}
