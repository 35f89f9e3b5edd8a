package chart

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// pt builds a chart point from strings, for short tables.
func pt(name, cost, score string, requests int) Point {
	return Point{Name: name, Cost: decimal.RequireFromString(cost), Score: decimal.RequireFromString(score), Requests: requests}
}

// deskPoints are a dozen busy desk services whose costs span little more
// than a decade, so the cost axis stays linear.
var deskPoints = []Point{
	pt("Password reset", "12.50", "4.6", 410),
	pt("Account unlock", "13.10", "4.5", 260),
	pt("VPN access", "14.00", "4.4", 180),
	pt("Printer repair", "38.00", "3.1", 95),
	pt("Laptop provisioning", "145.00", "4.2", 120),
	pt("EHR access request", "22.75", "3.4", 310),
	pt("After-hours support", "248.50", "4.8", 24),
	pt("Mobile device setup", "61.20", "3.9", 70),
	pt("Software install", "21.40", "3.6", 150),
	pt("Data restore", "190.00", "2.6", 12),
	pt("Badge access", "15.80", "4.3", 1),
	pt("Network drop install", "310.00", "3.3", 8),
}

// catalogPoints are the shipped catalog's services over a quarter: about a
// hundred rated requests over 30 services, costs from nothing (the shared
// mailbox) to an HL7 interface build at 13,800, scores crowded between 3.5
// and 4.8.
var catalogPoints = []Point{
	pt("EHR user account", "30.00", "4.40", 9),
	pt("EHR licence", "268.50", "4.10", 6),
	pt("PACS viewer licence", "378.00", "3.67", 3),
	pt("Dictation and speech recognition licence", "132.00", "3.50", 2),
	pt("Secure clinical messaging", "21.75", "4.25", 4),
	pt("VoIP desk phone", "240.00", "4.33", 3),
	pt("Alphanumeric pager", "36.00", "3.00", 1),
	pt("Clinical workstation", "1525.00", "4.20", 5),
	pt("Workstation on wheels", "3850.00", "4.50", 2),
	pt("Label and wristband printer", "710.00", "3.80", 2),
	pt("Barcode scanner", "578.00", "4.00", 3),
	pt("Downtime BCA workstation", "105.00", "4.00", 1),
	pt("Mobile device management", "11.25", "4.60", 7),
	pt("Email and office productivity licence", "70.50", "4.43", 7),
	pt("Shared mailbox", "0.00", "4.75", 4),
	pt("Network drop", "350.00", "3.75", 4),
	pt("Medical device network onboarding", "180.00", "3.50", 2),
	pt("Guest Wi-Fi for an event", "150.00", "4.00", 1),
	pt("VPN remote access", "13.50", "4.17", 6),
	pt("Badge access integration", "950.00", "3.00", 1),
	pt("HL7 interface build", "13800.00", "3.50", 2),
	pt("Interface change", "652.50", "3.67", 3),
	pt("Report development", "472.00", "4.25", 4),
	pt("Data extract", "450.00", "4.00", 3),
	pt("Analytics dashboard", "2600.00", "4.50", 2),
	pt("Server virtual machine", "414.00", "4.33", 3),
	pt("Backup storage", "105.00", "4.50", 2),
	pt("Analog fax line", "93.00", "2.50", 1),
	pt("End-user training", "240.00", "4.80", 5),
	pt("After-hours on-call support", "612.50", "3.83", 6),
}

// outlierPoints are cheap services and one that costs 13,800 a request:
// on a linear axis it would crowd the rest into the left 5 %.
var outlierPoints = []Point{
	pt("HL7 interface build", "13800.00", "3.50", 2),
	pt("EHR user account", "30.00", "4.40", 9),
	pt("Secure clinical messaging", "21.75", "4.25", 4),
	pt("Mobile device management", "11.25", "4.60", 7),
	pt("VPN remote access", "13.50", "4.17", 6),
	pt("Email and office productivity licence", "70.50", "4.43", 7),
	pt("Alphanumeric pager", "36.00", "3.00", 1),
	pt("Barcode scanner", "578.00", "4.00", 3),
	pt("Network drop", "350.00", "3.75", 4),
}

// hostileName tries to smuggle markup into the chart through a service name.
const hostileName = `<script>alert(1)</script> & "x"`

// chartCases are the charts kept as golden files in testdata/.
var chartCases = []struct {
	name    string
	points  []Point
	unrated []string
}{
	{"catalog", catalogPoints, []string{"Interface change (legacy)"}},
	{"outlier", outlierPoints, nil},
	{"realistic", deskPoints, []string{"Pager replacement", "Dictation headset"}},
	{"one_point", []Point{pt("Password reset", "12.50", "4.6", 410)}, nil},
	{"empty", nil, []string{"Pager replacement"}},
	{"hostile", []Point{pt(hostileName, "20", "2", 5), pt("O'Brien's \"fast\" fixes", "35", "4", 9)}, []string{"<b>bold</b> & 'quoted'"}},
	{"clustered", clusteredPoints(), nil},
}

// clusteredPoints crowds fourteen services into a corner, so some labels
// need leader lines or numbers.
func clusteredPoints() []Point {
	var pts []Point
	for i := range 14 {
		pts = append(pts, pt(fmt.Sprintf("Clinic service %02d", i), fmt.Sprintf("%d.%d", 10+i%4, i), fmt.Sprintf("4.%d", i%7), 20+i*15))
	}
	return append(pts, pt("Outlier", "90", "1.5", 40))
}
