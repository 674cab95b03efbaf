using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>The model after PostgreSQL's latest migration (MigrationTests compares it with the model on a real server).</summary>
[DbContext(typeof(PostgresDbContext))]
public sealed class PostgresDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder
            .HasAnnotation("ProductVersion", "10.0.14")
            .HasAnnotation("Relational:MaxIdentifierLength", 63);

        NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder);

        modelBuilder.Entity("WeChatGpt.Domain.Admin.KeywordReply", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<bool>("Enabled")
                    .HasColumnType("boolean");

                b.Property<string>("Keyword")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("Match")
                    .HasColumnType("integer");

                b.Property<string>("Reply")
                    .IsRequired()
                    .HasColumnType("text");

                b.HasKey("Id");

                b.HasIndex("Keyword", "Match")
                    .IsUnique();

                b.ToTable("KeywordReplies");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Continuation", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<long>("CreatedAt")
                    .HasColumnType("bigint");

                b.Property<bool>("Failed")
                    .HasColumnType("boolean");

                b.Property<string>("LastPart")
                    .HasColumnType("text");

                b.Property<string>("LastTakenBy")
                    .HasColumnType("text");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("PartsTaken")
                    .HasColumnType("integer");

                b.Property<string>("PictureMediaId")
                    .HasColumnType("text");

                b.Property<string>("QuestionPreview")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("RemainingText")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("SourceKey")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("State")
                    .HasColumnType("integer");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("bigint");

                b.HasKey("Id");

                b.HasIndex("OpenId");

                b.HasIndex("SourceKey")
                    .IsUnique();

                b.ToTable("Continuations");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Conversation", b =>
            {
                b.Property<Guid>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("uuid");

                b.Property<long?>("EndedAt")
                    .HasColumnType("bigint");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("StartedAt")
                    .HasColumnType("bigint");

                b.Property<string>("TemplateId")
                    .HasColumnType("text");

                b.Property<string>("Topic")
                    .HasColumnType("text");

                b.HasKey("Id");

                b.HasIndex("OpenId");

                b.ToTable("Conversations");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Template", b =>
            {
                b.Property<string>("Id")
                    .HasColumnType("text");

                b.Property<string>("DefaultTopic")
                    .HasColumnType("text");

                b.Property<string>("Description")
                    .HasColumnType("text");

                b.Property<bool>("Enabled")
                    .HasColumnType("boolean");

                b.Property<string>("Language")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("Name")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("SortOrder")
                    .HasColumnType("integer");

                b.Property<string>("SystemPrompt")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("Trigger")
                    .IsRequired()
                    .HasColumnType("text");

                b.HasKey("Id");

                b.HasIndex("Trigger")
                    .IsUnique();

                b.ToTable("Templates");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Conversations.Turn", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<string>("Answer")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("AnsweredAt")
                    .HasColumnType("bigint");

                b.Property<long>("AskedAt")
                    .HasColumnType("bigint");

                b.Property<Guid>("ConversationId")
                    .HasColumnType("uuid");

                b.Property<bool>("Drawn")
                    .HasColumnType("boolean");

                b.Property<string>("MessageKey")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("CompletionTokens")
                    .HasColumnType("integer");

                b.Property<string>("Model")
                    .HasColumnType("text");

                b.Property<long?>("PictureId")
                    .HasColumnType("bigint");

                b.Property<int>("PromptTokens")
                    .HasColumnType("integer");

                b.Property<string>("Question")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<bool>("TokensEstimated")
                    .HasColumnType("boolean");

                b.HasKey("Id");

                b.HasIndex("AskedAt");

                b.HasIndex("ConversationId");

                b.HasIndex("MessageKey")
                    .IsUnique();

                b.HasIndex("OpenId");

                b.ToTable("Turns");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Followers.Follower", b =>
            {
                b.Property<string>("OpenId")
                    .HasColumnType("text");

                b.Property<long>("FirstSeenAt")
                    .HasColumnType("bigint");

                b.Property<bool>("IsSubscribed")
                    .HasColumnType("boolean");

                b.Property<long>("LastActiveAt")
                    .HasColumnType("bigint");

                b.Property<int>("ServiceMessagesSent")
                    .HasColumnType("integer");

                b.Property<string>("SubscribeScene")
                    .HasColumnType("text");

                b.Property<long?>("UnsubscribedAt")
                    .HasColumnType("bigint");

                b.Property<bool>("VoiceReplies")
                    .HasColumnType("boolean");

                b.HasKey("OpenId");

                b.HasIndex("LastActiveAt");

                b.ToTable("Followers");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Messaging.Delivery", b =>
            {
                b.Property<string>("Key")
                    .HasColumnType("text");

                b.Property<int>("Count")
                    .HasColumnType("integer");

                b.Property<long>("FirstSeenAt")
                    .HasColumnType("bigint");

                b.Property<string>("Kind")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("LastSeenAt")
                    .HasColumnType("bigint");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("Outcome")
                    .HasColumnType("integer");

                b.Property<string>("Owner")
                    .HasColumnType("text");

                b.Property<string>("Query")
                    .HasColumnType("text");

                b.Property<long?>("RepliedAt")
                    .HasColumnType("bigint");

                b.Property<string>("Reply")
                    .HasColumnType("text");

                b.Property<int>("State")
                    .HasColumnType("integer");

                b.HasKey("Key");

                b.HasIndex("FirstSeenAt");

                b.HasIndex("Query")
                    .IsUnique();

                b.HasIndex("RepliedAt");

                b.HasIndex("OpenId", "FirstSeenAt")
                    .HasFilter("\"Outcome\" = 3");

                b.ToTable("Deliveries");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Messaging.Push", b =>
            {
                b.Property<string>("Key")
                    .HasColumnType("text");

                b.Property<int>("Attempts")
                    .HasColumnType("integer");

                b.Property<long>("CreatedAt")
                    .HasColumnType("bigint");

                b.Property<bool>("Done")
                    .HasColumnType("boolean");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<int>("PartsSent")
                    .HasColumnType("integer");

                b.Property<string>("PictureMediaId")
                    .HasColumnType("text");

                b.Property<string>("Question")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("Text")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("bigint");

                b.HasKey("Key");

                b.HasIndex("UpdatedAt");

                b.ToTable("Pushes");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Moderation.BannedWord", b =>
            {
                b.Property<string>("Word")
                    .HasColumnType("text");

                b.Property<long>("AddedAt")
                    .HasColumnType("bigint");

                b.HasKey("Word");

                b.ToTable("BannedWords");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Operations.FailureRecord", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<long>("At")
                    .HasColumnType("bigint");

                b.Property<string>("Detail")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("Kind")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("Question")
                    .HasColumnType("text");

                b.Property<int?>("Status")
                    .HasColumnType("integer");

                b.HasKey("Id");

                b.HasIndex("At");

                b.ToTable("Failures");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Pictures.Picture", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<byte[]>("Content")
                    .IsRequired()
                    .HasColumnType("bytea");

                b.Property<string>("ContentType")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("CreatedAt")
                    .HasColumnType("bigint");

                b.Property<int>("Direction")
                    .HasColumnType("integer");

                b.Property<int>("Height")
                    .HasColumnType("integer");

                b.Property<string>("MediaId")
                    .HasColumnType("text");

                b.Property<string>("MessageKey")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("SizeBytes")
                    .HasColumnType("bigint");

                b.Property<int>("Width")
                    .HasColumnType("integer");

                b.HasKey("Id");

                b.HasIndex("CreatedAt");

                b.HasIndex("OpenId");

                b.ToTable("Pictures");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Protection.CallbackIpRange", b =>
            {
                b.Property<string>("Range")
                    .HasColumnType("text");

                b.Property<long>("FetchedAt")
                    .HasColumnType("bigint");

                b.HasKey("Range");

                b.ToTable("CallbackIpRanges");
            });

        modelBuilder.Entity("WeChatGpt.Domain.Voice.MediaRecord", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("bigint");

                NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<long>("Id"));

                b.Property<long>("CreatedAt")
                    .HasColumnType("bigint");

                b.Property<long?>("DeletedAt")
                    .HasColumnType("bigint");

                b.Property<long?>("DeliveredAt")
                    .HasColumnType("bigint");

                b.Property<long?>("ExpiresAt")
                    .HasColumnType("bigint");

                b.Property<int>("Kind")
                    .HasColumnType("integer");

                b.Property<string>("LocalFile")
                    .HasColumnType("text");

                b.Property<string>("MediaId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("MediaType")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<string>("OpenId")
                    .IsRequired()
                    .HasColumnType("text");

                b.Property<long>("SizeBytes")
                    .HasColumnType("bigint");

                b.HasKey("Id");

                b.HasIndex("CreatedAt");

                b.HasIndex("MediaId");

                b.ToTable("MediaRecords");
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
