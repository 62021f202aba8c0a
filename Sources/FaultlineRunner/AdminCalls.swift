/// The runner's admin requests over FaultlineClient's transport, with results as values (never thrown).
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlineHTTP

/// One request per connection with short timeouts, so a hung admin API fails a request instead of the run.
public struct AdminCalls: Sendable {
    public let endpoint: Endpoint
    let transport: BlockingTransport

    public init(
        endpoint: Endpoint, token: String? = nil, connectTimeout: Duration = .seconds(2),
        responseTimeout: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        transport = BlockingTransport(
            endpoint: endpoint, userAgent: "faultline-experiment/\(FaultlineVersion.current)",
            connectTimeout: connectTimeout, responseTimeout: responseTimeout, token: token)
    }

    /// A client sharing this transport (for `GET /proxies` in cleanup).
    var client: Client {
        var client = Client(endpoint: endpoint)
        client.transport = transport
        return client
    }

    /// Sends one engine request: 2xx is `.ok`, 404 `.notFound`, anything else `.failed` with the server's text.
    func perform(_ request: AdminRequest, includeSeed: Bool) -> AdminResult {
        let method: HTTPMethod
        let path: String
        let body: [UInt8]?
        switch request {
        case .addToxic(let toxic):
            (method, path, body) = (
                .post, Client.proxyPath(toxic.proxy) + "/toxics", toxic.body(includeSeed: includeSeed)
            )
        case .removeToxic(let proxy, let name, _):
            (method, path, body) = (.delete, Client.toxicPath(name, on: proxy), nil)
        case .setEnabled(let proxy, let enabled, _):
            // POST, not PATCH: every Toxiproxy 2.x accepts it.
            (method, path, body) = (.post, Client.proxyPath(proxy), Array("{\"enabled\":\(enabled)}".utf8))
        }
        do throws(ClientError) {
            let response = try transport.send(method, path, body: body)
            switch response.status.code {
            case 200..<300: return .ok
            case 404: return .notFound
            default: return .failed("HTTP \(response.status.code): \(Self.errorText(response))")
            }
        } catch .transport(let failure) where failure.refused {
            return .unreachable(failure.description)
        } catch {
            return .failed(error.description)
        }
    }

    /// What `GET /proxies/{name}` says about a proxy before t0.
    enum ProxyCheck: Equatable, Sendable {
        /// It exists; `server` is the `Server` header (`faultline/0.3.0`), nil from Toxiproxy.
        case found(server: String?)
        case missing
        case failed(String)
        /// Nothing answered at all (refused, timed out, no route): an optional fleet instance is skipped.
        case unreachable(String)
    }

    func check(proxy name: String) -> ProxyCheck {
        do throws(ClientError) {
            let response = try transport.send(.get, Client.proxyPath(name))
            switch response.status.code {
            case 200..<300: return .found(server: response.headers["Server"])
            case 404: return .missing
            default: return .failed("HTTP \(response.status.code): \(Self.errorText(response))")
            }
        } catch .transport(let failure) where failure.step != .exchange {
            return .unreachable(failure.description)
        } catch {
            return .failed(error.description)
        }
    }

    /// The body's `error` text (Toxiproxy's error shape), else the body, else the reason phrase.
    static func errorText(_ response: HTTPResponse) -> String {
        if case .object(let members)? = try? JSONParser.parseFirstValue(response.body),
            let member = members.first(where: { $0.key == "error" }), case .string(let text) = member.value
        {
            return text
        }
        let text = String(response.bodyText.prefix(200))
        return text.isEmpty ? response.status.reasonPhrase : text
    }
}
