package coldstart

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// wait is how long a test waits for something that should happen at once.
// It only bounds a failure, so it is generous enough for a busy machine.
const wait = time.Minute

func TestRuntimeRecordsFirstNext(t *testing.T) {
	const errorPath = "/2018-06-01/runtime/init/error"
	type call struct{ method, path string }
	tests := []struct {
		name      string
		calls     []call
		wantFirst int // which call of the clock First receives; 0 for none
	}{
		{name: "first next", calls: []call{{"GET", NextPath}}, wantFirst: 1},
		{name: "only the first next", calls: []call{{"GET", NextPath}, {"GET", NextPath}}, wantFirst: 1},
		{name: "other paths are 404 and not recorded", calls: []call{{"POST", errorPath}, {"GET", "/"}}, wantFirst: 0},
		{name: "POST to next is not recorded", calls: []call{{"POST", NextPath}}, wantFirst: 0},
		{name: "next after another path", calls: []call{{"POST", errorPath}, {"GET", NextPath}}, wantFirst: 1},
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			ticks := make(chan struct{}, len(tt.calls))
			rt, err := StartRuntime(func() time.Time {
				ticks <- struct{}{}
				return base.Add(time.Duration(n.Add(1)) * time.Second)
			})
			if err != nil {
				t.Fatal(err)
			}
			defer rt.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()

			for _, c := range tt.calls {
				req, err := http.NewRequestWithContext(ctx, c.method, "http://"+rt.Addr()+c.path, nil)
				if err != nil {
					t.Fatal(err)
				}
				if c.method == "GET" && c.path == NextPath { // held: wait until it arrived
					go http.DefaultClient.Do(req)
					select {
					case <-ticks:
					case <-time.After(wait):
						t.Fatalf("%s %s did not arrive", c.method, c.path)
					}
					continue
				}
				resp, err := (&http.Client{Timeout: wait}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s: got status %d, want 404", c.method, c.path, resp.StatusCode)
				}
			}

			select {
			case got := <-rt.First():
				if want := base.Add(time.Duration(tt.wantFirst) * time.Second); tt.wantFirst == 0 || !got.Equal(want) {
					t.Errorf("First() = %v, want %v (call %d)", got, want, tt.wantFirst)
				}
			default:
				if tt.wantFirst != 0 {
					t.Errorf("First() received nothing, want call %d", tt.wantFirst)
				}
			}
			select {
			case got := <-rt.First():
				t.Errorf("First() received a second time: %v", got)
			default:
			}
		})
	}
}

func TestRuntimeCloseReleasesHeldNext(t *testing.T) {
	rt, err := StartRuntime(time.Now)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + rt.Addr() + NextPath)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-rt.First():
	case <-time.After(wait):
		t.Fatal("GET next did not arrive")
	}
	select {
	case <-done:
		t.Fatal("GET next was answered, want it held")
	case <-time.After(50 * time.Millisecond):
	}
	rt.Close()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("GET next still held after Close")
	}
}
