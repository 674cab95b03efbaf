using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WeChatGpt.Infrastructure.Persistence.Converters;

public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
