using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Voice.CleanUpVoiceFiles;

/// <summary>Deletes temporary audio files older than <c>Speech:TempFileTtl</c> (a recurring job).</summary>
[DisplayName("Voice files cleanup")]
public sealed record CleanUpVoiceFilesCommand : IRequest;
