using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerStream.Generation;

/// <summary>Renders records as CSV rows (in a file's column order) or NDJSON lines, deterministically: a re-sent record renders to the same bytes.</summary>
internal sealed class RowRenderer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly StringBuilder _line = new(512);

    public ReadOnlySpan<byte> Render(SampleFile file, object content)
    {
        _buffer.ResetWrittenCount();
        switch (content)
        {
            case BadRow bad:
                return bad.Line;
            case WebEventIntent e:
                WriteJson(e);
                return _buffer.WrittenSpan;
            default:
                _line.Clear();
                for (var i = 0; i < file.Columns!.Count; i++)
                {
                    if (i > 0)
                    {
                        _line.Append(',');
                    }

                    AppendCsv(content is MasterVersion m ? Field(m, file.Columns[i]) : Field((OrderVersion)content, file.Columns[i]));
                }

                var bytes = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(_line.Length));
                var count = Encoding.UTF8.GetBytes(_line.ToString(), bytes);
                _buffer.Advance(count);
                return _buffer.WrittenSpan;
        }
    }

    public static string Header(SampleFile file) => string.Join(',', file.Columns!);

    private static string Field(MasterVersion m, string column) => column switch
    {
        "source_system" => m.Source,
        "source_customer_id" => m.CustomerId,
        "email" => m.EmailText,
        "first_name" => m.FirstName,
        "last_name" => m.LastName,
        "phone" => m.Phone,
        "country" => m.CountryText,
        "city" => m.City,
        "created_at" => m.Created.Text,
        "updated_at" => m.Updated?.Text ?? "",
        "status" => m.StatusText,
        "is_test" => m.IsTestText,
        "notes" => m.Notes,
        _ => "",
    };

    private static string Field(OrderVersion o, string column) => column switch
    {
        "source_system" => o.Source,
        "order_id" => o.OrderId,
        "source_customer_id" => o.CustomerId ?? "",
        "customer_email" => o.EmailText,
        "order_ts" => o.OrderTs.Text,
        "updated_at" => o.Updated?.Text ?? "",
        "status" => o.StatusText,
        "amount" => o.AmountText,
        "currency" => o.CurrencyText,
        "business_unit" => o.BusinessUnitText,
        "category" => o.Category,
        "product_id" => o.ProductId,
        "quantity" => o.QuantityText,
        _ => "",
    };

    private void AppendCsv(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _line.Append(value);
            return;
        }

        _line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private void WriteJson(WebEventIntent e)
    {
        using var json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("event_id", e.EventId);
        if (e.Ts.IsJsonNumber)
        {
            json.WritePropertyName("ts");
            json.WriteRawValue(e.Ts.Text);
        }
        else
        {
            json.WriteString("ts", e.Ts.Text);
        }

        json.WriteString("type", e.Type);
        WriteOptional(json, "device_id", e.DeviceId);
        WriteOptional(json, "cookie_id", e.CookieId);
        WriteOptional(json, "user_id", e.UserId);
        WriteOptional(json, "user_source", e.UserSourceText);
        WriteOptional(json, "email", e.EmailText);
        json.WriteString("session_id", e.SessionId);
        WriteOptional(json, "url", e.Url);
        if (e.Referrer is null)
        {
            json.WriteNull("referrer");
        }
        else
        {
            json.WriteString("referrer", e.Referrer);
        }

        if (e.ProductId is not null)
        {
            json.WriteStartObject("properties");
            json.WriteString("product_id", e.ProductId);
            json.WriteStartObject("cart");
            json.WriteNumber("items", (e.ProductId.Length % 3) + 1);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        WriteOptional(json, "source_system", e.SourceSystem);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
