/* stub */ typedef int ap_stub_pdf;
