using System.Text.Json.Serialization;
using CustomerStream.Customer360.Pipeline;
using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary>Source-generated JSON of the read API's answers: snake_case, like every other name of the product.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CustomerAnswer))]
[JsonSerializable(typeof(PeriodsAnswer))]
[JsonSerializable(typeof(OrdersAnswer))]
[JsonSerializable(typeof(MergesAnswer))]
[JsonSerializable(typeof(SearchAnswer))]
[JsonSerializable(typeof(CountAnswer))]
[JsonSerializable(typeof(CustomerExplanation))]
[JsonSerializable(typeof(PipelineStatus))]
[JsonSerializable(typeof(ReadProblem))]
internal sealed partial class Customer360JsonContext : JsonSerializerContext;
