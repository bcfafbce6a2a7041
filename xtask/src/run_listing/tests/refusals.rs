//! What the endpoint refuses: requests from elsewhere (Host, Origin) and requests that are not
//! a plain run of a listing (method, path, query, body).

use super::client::{limits, serve};
use super::*;

#[test]
fn requests_from_elsewhere_are_refused_with_403() {
    let server = serve(limits(), &[("hello", None, "echo the-listing-ran")]);
    let port = server.port;
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "a foreign Host (DNS rebinding)",
            vec![
                format!("Host: attacker.example:{port}"),
                format!("Origin: http://attacker.example:{port}"),
            ],
        ),
        (
            "another port",
            vec![
                format!("Host: 127.0.0.1:{}", port + 1),
                format!("Origin: http://127.0.0.1:{}", port + 1),
            ],
        ),
        ("no Host", vec![format!("Origin: http://127.0.0.1:{port}")]),
        (
            "a foreign Origin",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                "Origin: https://attacker.example".into(),
            ],
        ),
        (
            "Origin null",
            vec![format!("Host: 127.0.0.1:{port}"), "Origin: null".into()],
        ),
        ("no Origin", vec![format!("Host: 127.0.0.1:{port}")]),
        (
            "a second Host",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                format!("Host: attacker.example:{port}"),
                format!("Origin: http://127.0.0.1:{port}"),
            ],
        ),
        (
            "a second Origin",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                format!("Origin: http://127.0.0.1:{port}"),
                "Origin: https://attacker.example".into(),
            ],
        ),
        (
            "the other loopback name",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                format!("Origin: http://localhost:{port}"),
            ],
        ),
    ];
    for (what, headers) in cases {
        let answer = server.request("POST /__run/fake/hello", &headers, "");
        assert_eq!(answer.status, 403, "{what}: {}", answer.body);
        assert!(
            !answer.body.contains("the-listing-ran"),
            "{what} ran the listing"
        );
    }
    let by_name = server.request(
        "POST /__run/fake/hello",
        &[
            format!("Host: localhost:{port}"),
            format!("Origin: http://localhost:{port}"),
        ],
        "",
    );
    assert_eq!(by_name.status, 200, "{}", by_name.body);
    assert!(
        by_name.body.ends_with("the-listing-ran\n"),
        "{}",
        by_name.body
    );
}

#[test]
fn the_port_is_left_out_of_host_only_when_it_is_80() {
    let host = |value: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, value.parse().unwrap());
        headers
    };
    for name in ["127.0.0.1", "localhost"] {
        assert_eq!(served_host(&host(name), 80).ok().as_deref(), Some(name));
    }
    for (value, port) in [
        ("127.0.0.1:80", 80),
        ("127.0.0.1", 3000),
        ("localhost", 3000),
        ("LOCALHOST:3000", 3000),
        ("localhost.:3000", 3000),
        ("[::1]:3000", 3000),
    ] {
        assert!(
            served_host(&host(value), port).is_err(),
            "Host {value}, port {port}"
        );
    }
}

#[test]
fn bad_requests_are_4xx() {
    let server = serve(limits(), &[("hello", None, "echo hi")]);
    let host = format!("Host: 127.0.0.1:{}", server.port);
    let origin = format!("Origin: {}", server.origin());
    let headers = [host, origin];
    let get = server.request("GET /__run/fake/hello", &headers, "");
    assert_eq!(get.status, 405);
    // A plain GET (an address typed or linked) carries no Origin: still 405, never a run.
    let plain = server.request("GET /__run/fake/hello", &headers[..1], "");
    assert_eq!(plain.status, 405, "{}", plain.body);
    assert!(
        get.headers.to_lowercase().contains("allow: post"),
        "{}",
        get.headers
    );
    assert_eq!(server.run("/__run/fake/no-such-listing").status, 404);
    assert_eq!(server.run("/__run/other-crate/hello").status, 404);
    for path in [
        "/__run",
        "/__run/",
        "/__run/fake",
        "/__run/fake/hello/more",
        "/__run/fake/hello?arg=1",
        "/__run/fake/..%2Fhello",
        "/__run/Fake/hello",
    ] {
        let answer = server.run(path);
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
    }
    let with_body = server.request("POST /__run/fake/hello", &headers, "fn main() {}");
    assert_eq!(with_body.status, 400, "{}", with_body.body);
    drop(server.runtime);
}
