using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Metronome.Ingest.Tests")]
[assembly: InternalsVisibleTo("Metronome.Benchmarks")]
