using System.Text.Json.Serialization;
using Metronome.Server.Apps;

namespace Metronome.Server.Endpoints;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TickAccepted))]
[JsonSerializable(typeof(AppCreated))]
[JsonSerializable(typeof(AppEndpoints.AppView[]))]
[JsonSerializable(typeof(AppEndpoints.KeyView[]))]
[JsonSerializable(typeof(AppEndpoints.NewKeyView))]
[JsonSerializable(typeof(AppEndpoints.AppView))]
[JsonSerializable(typeof(AppEndpoints.CreateAppRequest))]
[JsonSerializable(typeof(AppEndpoints.CreateKeyRequest))]
[JsonSerializable(typeof(AppEndpoints.RetentionRequest))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, long>>))]
[JsonSerializable(typeof(HealthEndpoints.Health))]
internal sealed partial class ServerJson : JsonSerializerContext;
