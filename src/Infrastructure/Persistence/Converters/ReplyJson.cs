using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Infrastructure.Persistence.Converters;

/// <summary>Stores a <see cref="Reply"/> as JSON with a type discriminator.</summary>
public static class ReplyJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddReplyTypes } },
    };

    public static string Serialize(Reply reply) => JsonSerializer.Serialize(reply, Options);

    public static Reply Deserialize(string json) =>
        JsonSerializer.Deserialize<Reply>(json, Options) ?? throw new JsonException("A stored reply is null.");

    // EF never passes null to a converter; the nullable signature matches the nullable property.
    public static ValueConverter<Reply?, string> Converter { get; } = new ValueConverter<Reply?, string>(r => Serialize(r!), s => Deserialize(s));

    public static ValueComparer<Reply?> Comparer { get; } = new ValueComparer<Reply?>((a, b) => Equals(a, b), r => r == null ? 0 : r.GetHashCode(), r => r);

    private static void AddReplyTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(Reply))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "type",
            DerivedTypes =
            {
                new JsonDerivedType(typeof(NoReply), "none"),
                new JsonDerivedType(typeof(TextReply), "text"),
                new JsonDerivedType(typeof(ImageReply), "image"),
                new JsonDerivedType(typeof(VoiceReply), "voice"),
                new JsonDerivedType(typeof(VideoReply), "video"),
                new JsonDerivedType(typeof(MusicReply), "music"),
                new JsonDerivedType(typeof(NewsReply), "news"),
            },
        };
    }
}
