using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Reads the body of an HTTP ingest request: a JSON array of record objects. The body as a whole must
/// be valid UTF-8 and valid JSON and an array (else <see cref="BodyError"/> says why and no record is
/// read); each element then becomes one row, an element that is not an object a <c>not_an_object</c> row.
/// Rows are referenced as <c>http:&lt;request id&gt;#&lt;index&gt;</c>.
/// </summary>
public sealed class JsonBatchReader : IRowReader
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly FieldSet _fields;
    private readonly string _requestId;
    private readonly InputLimits _limits;
    private readonly int[] _order = JsonFieldOrder.New();
    private readonly List<(int Start, int Length)> _elements = [];
    private int _next;

    public JsonBatchReader(ReadOnlyMemory<byte> body, FieldSet fields, string requestId, InputLimits? limits = null)
    {
        _body = body;
        _fields = fields;
        _requestId = requestId;
        _limits = limits ?? InputLimits.Default;
        BodyError = Index();
    }

    /// <summary>Why the body as a whole is not a batch, or null.</summary>
    public Rejection? BodyError { get; }

    /// <summary>Number of elements in the array.</summary>
    public int Count => _elements.Count;

    public long BytesRead => _next == 0 ? 0 : _elements[_next - 1].Start + _elements[_next - 1].Length;

    /// <summary>The reference of the whole request (for a body-level rejection).</summary>
    public string RequestRef => $"http:{_requestId}";

    public static string RefOf(string requestId, int index) => $"http:{requestId}#{index}";

    public ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Next());

    public void Dispose()
    {
    }

    private SourceRow? Next()
    {
        if (_next >= _elements.Count)
        {
            return null;
        }

        var index = _next++;
        var (start, length) = _elements[index];
        var json = _body.Slice(start, length);
        var values = new RawValue[_fields.Count];
        var problem = JsonRecordParser.TryParse(json.Span, _fields, values, _limits, _order);
        return problem is null
            ? SourceRow.OfUtf8(RefOf(_requestId, index), values, json)
            : new SourceRow { InputRef = RefOf(_requestId, index), Raw = Encoding.UTF8.GetString(json.Span), ReadError = problem with { Reason = $"element {index}: {problem.Reason}" } };
    }

    private Rejection? Index()
    {
        var body = _body.Span;
        if (!Utf8.IsValid(body))
        {
            return new Rejection(ReasonCodes.InvalidEncoding, "the request body is not valid UTF-8");
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read())
            {
                return new Rejection(ReasonCodes.MalformedJson, "the request body is empty; send a JSON array of record objects");
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var kind = reader.TokenType == JsonTokenType.StartObject ? "an object" : JsonRecordParser.Describe(reader.TokenType);
                return new Rejection(ReasonCodes.MalformedJson, $"the request body must be a JSON array of record objects, got {kind}");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _elements.Add((start, (int)reader.BytesConsumed - start));
            }

            if (reader.Read())
            {
                return new Rejection(ReasonCodes.MalformedJson, "invalid JSON: more content after the array");
            }

            return null;
        }
        catch (JsonException e)
        {
            _elements.Clear();
            var cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new Rejection(ReasonCodes.MalformedJson, $"the request body is not valid JSON: {(cut > 0 ? e.Message[..cut].TrimEnd('.', ' ') : e.Message)}");
        }
    }
}
