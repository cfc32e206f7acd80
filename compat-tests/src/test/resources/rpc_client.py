"""Makes XML-RPC calls the way users' scripts do and prints one JSON line per call.

usage: rpc_client.py URL USERNAME PASSWORD CALLS
  URL       http://host:port (inet) or unix:///path/to/socket
  USERNAME  '' for none; PASSWORD likewise
  CALLS     JSON array of [methodName, param, ...]

Over inet it is plain xmlrpc.client with credentials in the URL; over a unix socket it is
xmlrpc.client with supervisor's own SupervisorTransport (what supervisorctl uses).
Each output line is {"result": v}, {"fault": [code, string]}, {"protocolError": [code, msg]}
or {"error": "ExceptionType: text"}. JSON keeps struct member order and bool/int/str types.
"""
import json
import sys
import xmlrpc.client


def proxy(url, username, password):
    if url.startswith('unix://'):
        from supervisor.xmlrpc import SupervisorTransport
        transport = SupervisorTransport(username, password, url)
        return xmlrpc.client.ServerProxy('http://127.0.0.1', transport=transport)
    if username:
        url = url.replace('http://', 'http://%s:%s@' % (username, password), 1)
    return xmlrpc.client.ServerProxy(url + '/RPC2')


def plain(value):
    if isinstance(value, (xmlrpc.client.DateTime, xmlrpc.client.Binary)):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    url, username, password, calls = sys.argv[1], sys.argv[2] or None, sys.argv[3] or None, json.loads(sys.argv[4])
    server = proxy(url, username, password)
    for method, *params in calls:
        try:
            reply = {'result': plain(getattr(server, method)(*params))}
        except xmlrpc.client.Fault as f:
            reply = {'fault': [f.faultCode, f.faultString]}
        except xmlrpc.client.ProtocolError as e:
            reply = {'protocolError': [e.errcode, e.errmsg]}
        except Exception as e:  # connection refused, missing socket, ...
            reply = {'error': '%s: %s' % (type(e).__name__, e)}
        print(json.dumps(reply), flush=True)


main()
