namespace Metronome.Core.Events.Batches;

/// <summary>
/// The bytes a batch was decoded from, which a store may log in the batch's place: a Heroku drain line is
/// ~280 bytes on the wire and ~750 encoded, so logging what arrived writes a third of the bytes. The
/// <see cref="IWireCodec"/> named <see cref="Codec"/> turns <see cref="Context"/> (what the request knew:
/// app, receipt time, source fields) and <see cref="Body"/> back into the same batch on replay.
/// </summary>
public readonly record struct WireForm(string Codec, ReadOnlyMemory<byte> Context, ReadOnlyMemory<byte> Body);
