package io.deltacat.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UriEncodingTest {

    @Test
    void encodesPerRfc3986() {
        assertThat(UriEncoding.encode("a b")).isEqualTo("a%20b");
        assertThat(UriEncoding.encode("a+b")).isEqualTo("a%2Bb");
        assertThat(UriEncoding.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
        assertThat(UriEncoding.encode("/?#[]@!$&'()*,;=%")).isEqualTo("%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D%25");
        assertThat(UriEncoding.encode("ü")).isEqualTo("%C3%BC");
        assertThat(UriEncoding.encode("😀")).isEqualTo("%F0%9F%98%80");
        assertThat(UriEncoding.encode("")).isEmpty();
    }

    @Test
    void buildsSortedQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("z", "last one");
        q.put("a", "");
        assertThat(UriEncoding.query(q)).isEqualTo("a=&z=last%20one");
        assertThat(UriEncoding.query(Map.of())).isEmpty();
    }
}
