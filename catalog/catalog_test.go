package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEmbeddedCatalog(t *testing.T) {
	c := Load()
	if got := Load(); got != c {
		t.Errorf("Load: got a different catalog the second time, want the same one")
	}
	services, departments := c.Services(), c.Departments()

	t.Run("spec minimums", func(t *testing.T) {
		if got, want := len(services), 20; got < want {
			t.Errorf("services: got %d, want at least %d", got, want)
		}
		if got, want := len(departments), 10; got < want {
			t.Errorf("departments: got %d, want at least %d", got, want)
		}
		models := make(map[Pricing]int)
		for _, s := range services {
			models[s.Pricing]++
		}
		for _, p := range []Pricing{OneTime, Monthly, Hourly} {
			if models[p] == 0 {
				t.Errorf("pricing %q: got no service, want at least one", p)
			}
		}
	})

	t.Run("retired service kept", func(t *testing.T) {
		retired := 0
		for _, s := range services {
			if !s.Active {
				retired++
			}
		}
		if retired == 0 {
			t.Errorf("retired services: got 0, want at least 1 (active: false)")
		}
	})

	t.Run("every service priced from 2025-01-01", func(t *testing.T) {
		for _, s := range services {
			if _, ok := s.PriceOn("2025-01-01"); !ok {
				t.Errorf("service %q: PriceOn(2025-01-01): got no price, want one (first effective %s)", s.ID, s.Prices[0].Effective)
			}
		}
	})

	t.Run("whole and fractional units", func(t *testing.T) {
		// Every unit the catalog uses, and whether it may be counted in
		// fractions. A new unit joins this table when it joins the catalog.
		fractional := map[string]bool{
			"hour": true, "terabyte": true,
			"user": false, "device": false, "licence": false, "mailbox": false,
			"drop": false, "event": false, "reader": false, "interface": false,
			"extract": false, "dashboard": false, "vm": false, "line": false,
		}
		for _, s := range services {
			want, known := fractional[s.Unit]
			switch {
			case !known:
				t.Errorf("service %q: unit %q: not in this test's table, want it added with whether it may be fractional", s.ID, s.Unit)
			case s.Fractional != want:
				t.Errorf("service %q: unit %q: got fractional %v, want %v", s.ID, s.Unit, s.Fractional, want)
			}
			if s.Pricing == Hourly && !s.Fractional {
				t.Errorf("service %q: hourly: got fractional false, want true", s.ID)
			}
		}
		for _, id := range []string{"ehr-user-account", "voip-desk-phone"} {
			if s, ok := c.Service(id); !ok || s.Fractional {
				t.Errorf("service %q (unit %s): got fractional %v, found %v, want false, true", id, s.Unit, s.Fractional, ok)
			}
		}
	})

	t.Run("both approval rules used", func(t *testing.T) {
		rules := make(map[Approval]int)
		for _, s := range services {
			rules[s.Approval]++
		}
		if rules[ApprovalRequired] == 0 || rules[ApprovalNone] == 0 {
			t.Errorf("approval rules: got %v, want both %q and %q", rules, ApprovalRequired, ApprovalNone)
		}
	})

	t.Run("no PHI warning", func(t *testing.T) {
		for name, data := range map[string][]byte{servicesFile: servicesYAML, departmentsFile: departmentsYAML} {
			if !strings.Contains(string(data), "NO PHI") {
				t.Errorf("%s: got no \"NO PHI\" notice in its header, want one", name)
			}
		}
	})
}

func TestLookups(t *testing.T) {
	c := mustParse(t,
		servicesDoc(entry(serviceFields), entry(serviceFields, "id: vpn-access", "name: VPN remote access")),
		departmentsDoc(entry(departmentFields), entry(departmentFields, "id: pharmacy", "name: Pharmacy", "cost_center: CC-4200")))

	t.Run("services in file order", func(t *testing.T) {
		var got []string
		for _, s := range c.Services() {
			got = append(got, s.ID)
		}
		if diff := cmp.Diff([]string{"ehr-account", "vpn-access"}, got); diff != "" {
			t.Errorf("Services ids (-want +got):\n%s", diff)
		}
	})
	t.Run("departments in file order", func(t *testing.T) {
		var got []string
		for _, d := range c.Departments() {
			got = append(got, d.ID)
		}
		if diff := cmp.Diff([]string{"radiology", "pharmacy"}, got); diff != "" {
			t.Errorf("Departments ids (-want +got):\n%s", diff)
		}
	})
	t.Run("service by id", func(t *testing.T) {
		s, ok := c.Service("vpn-access")
		if !ok || s.Name != "VPN remote access" {
			t.Errorf("Service(vpn-access): got %q, %v, want %q, true", s.Name, ok, "VPN remote access")
		}
		if _, ok := c.Service("no-such-service"); ok {
			t.Errorf("Service(no-such-service): got true, want false")
		}
	})
	t.Run("department by id", func(t *testing.T) {
		d, ok := c.Department("pharmacy")
		want := Department{ID: "pharmacy", Name: "Pharmacy", CostCenter: "CC-4200", Active: true}
		if !ok || d != want {
			t.Errorf("Department(pharmacy): got %+v, %v, want %+v, true", d, ok, want)
		}
		if _, ok := c.Department("journal"); ok {
			t.Errorf("Department(journal): got true, want false")
		}
	})
	t.Run("callers get copies", func(t *testing.T) {
		c.Services()[0].Prices[0].Effective = "1999-01-01"
		s, _ := c.Service("ehr-account")
		s.Prices[1].Effective = "1999-01-01"
		c.Departments()[0].Name = "changed"
		got, _ := c.Service("ehr-account")
		if got.Prices[0].Effective != "2025-01-01" || got.Prices[1].Effective != "2026-01-01" {
			t.Errorf("after changing returned copies: got prices %+v, want them unchanged", got.Prices)
		}
		if d, _ := c.Department("radiology"); d.Name != "Radiology" {
			t.Errorf("after changing a returned copy: got department name %q, want %q", d.Name, "Radiology")
		}
	})
}

func TestParseDecodesFields(t *testing.T) {
	c := mustParse(t, oneService(
		"id: report-development",
		"unit: hour",
		"fractional: true",
		"pricing: hourly",
		`prices: [{effective: "2024-07-01", unit_price: 110}, {effective: 2026-07-01, unit_price: 117.5}]`,
		"sla_hours: 160",
		"sla_credit_percent: 33.333333333333333333",
		"approval: none",
		"active: false",
	), oneDepartment("active: false"))

	got, _ := c.Service("report-development")
	want := Service{
		ID:          "report-development",
		Name:        "EHR user account",
		Category:    "Clinical Applications",
		Description: "New EHR login with role-based access.",
		Owner:       "Clinical Applications Team",
		Unit:        "hour",
		Fractional:  true,
		Pricing:     Hourly,
		Prices: []Price{
			{Effective: "2024-07-01", UnitPrice: dec(t, "110")},
			{Effective: "2026-07-01", UnitPrice: dec(t, "117.50")},
		},
		SLAHours:         160,
		SLACreditPercent: dec(t, "33.333333333333333333"),
		Approval:         ApprovalNone,
		Active:           false,
	}
	if diff := cmp.Diff(want, got, equateDecimals); diff != "" {
		t.Errorf("Service (-want +got):\n%s", diff)
	}
	// Through float64 the percent would come back as 33.333333333333336.
	if got, want := got.SLACreditPercent.String(), "33.333333333333333333"; got != want {
		t.Errorf("SLACreditPercent: got %s, want %s exactly", got, want)
	}
	if d, _ := c.Department("radiology"); d.Active {
		t.Errorf("Department(radiology).Active: got true, want false")
	}
}

func TestParseFractional(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		want  bool
	}{
		{name: "left out reads as false", edits: []string{"-fractional"}, want: false},
		{name: "false", edits: []string{"fractional: false"}, want: false},
		{name: "true", edits: []string{"unit: terabyte", "fractional: true"}, want: true},
		{name: "hourly and true", edits: []string{"unit: hour", "fractional: true", "pricing: hourly"}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, oneService(tt.edits...), oneDepartment())
			s, _ := c.Service("ehr-account")
			if s.Fractional != tt.want {
				t.Errorf("Fractional: got %v, want %v", s.Fractional, tt.want)
			}
		})
	}
}
