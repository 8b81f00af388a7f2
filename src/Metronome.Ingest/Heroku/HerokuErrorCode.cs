namespace Metronome.Ingest.Heroku;

/// <summary>A Heroku error code with the title the platform logs and a one-line description.</summary>
public sealed record HerokuErrorCode(string Code, string Title, string Description);
