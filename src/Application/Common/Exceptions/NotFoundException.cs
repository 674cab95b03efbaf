namespace WeChatGpt.Application.Common.Exceptions;

public sealed class NotFoundException(string what) : Exception($"{what} was not found.");
